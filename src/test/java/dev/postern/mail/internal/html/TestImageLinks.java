package dev.postern.mail.internal.html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@link ImageLinks} for tests: records what it was asked and answers with gateway URLs. */
class TestImageLinks implements ImageLinks {

    final List<String> inlineRequests = new ArrayList<>();
    final List<String> remoteRequests = new ArrayList<>();

    private final String prefix;

    private TestImageLinks(String prefix) {
        this.prefix = prefix;
    }

    /** Same-origin paths, as the real gateway answers. */
    static TestImageLinks gateway() {
        return new TestImageLinks("/gateway/");
    }

    /**
     * Absolute gateway URLs that it recognises as its own when asked to proxy them, as a gateway that knew its URLs
     * would: sanitising its output again (with remote images on) gives the same output, so idempotence can be
     * tested through the rewriting.
     */
    static TestImageLinks recognisingItsOwnUrls() {
        return new TestImageLinks("https://gateway.test/");
    }

    @Override
    public String inline(String contentId) {
        inlineRequests.add(contentId);
        return prefix + "part/" + encode(contentId);
    }

    @Override
    public String remote(String absoluteUrl) {
        remoteRequests.add(absoluteUrl);
        if (absoluteUrl.startsWith(prefix)) {
            return absoluteUrl;
        }
        return prefix + "image?url=" + encode(absoluteUrl);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
