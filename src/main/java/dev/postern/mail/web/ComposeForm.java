package dev.postern.mail.web;

/** The compose page's form. Addresses are as the user typed them; attachments live in the compose workspace. */
public class ComposeForm {

    private String compose = "";
    private String draftId = "";
    private String inReplyTo = "";
    private String references = "";
    private String answeredFolder = "";
    private String answeredId = "";
    private String to = "";
    private String cc = "";
    private String bcc = "";
    private String subject = "";
    private String body = "";
    private String html = "";

    public String getCompose() {
        return compose;
    }

    public void setCompose(String compose) {
        this.compose = compose;
    }

    public String getDraftId() {
        return draftId;
    }

    public void setDraftId(String draftId) {
        this.draftId = draftId;
    }

    public String getInReplyTo() {
        return inReplyTo;
    }

    public void setInReplyTo(String inReplyTo) {
        this.inReplyTo = inReplyTo;
    }

    public String getReferences() {
        return references;
    }

    public void setReferences(String references) {
        this.references = references;
    }

    public String getAnsweredFolder() {
        return answeredFolder;
    }

    public void setAnsweredFolder(String answeredFolder) {
        this.answeredFolder = answeredFolder;
    }

    public String getAnsweredId() {
        return answeredId;
    }

    public void setAnsweredId(String answeredId) {
        this.answeredId = answeredId;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getCc() {
        return cc;
    }

    public void setCc(String cc) {
        this.cc = cc;
    }

    public String getBcc() {
        return bcc;
    }

    public void setBcc(String bcc) {
        this.bcc = bcc;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    /** The rich-text body the page's editor wrote (sanitised before use), or empty for plain text. */
    public String getHtml() {
        return html;
    }

    public void setHtml(String html) {
        this.html = html;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }
}
