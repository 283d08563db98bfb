package dev.postern.web;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.postern.account.CurrentUser;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;

/** The page after sign-in: the user's connections grouped by kind, each with its test and edit actions. */
@Controller
class HomeController {

    private final Connections connections;

    HomeController(Connections connections) {
        this.connections = connections;
    }

    public record Row(ConnectionProfile profile, boolean manageable) {
    }

    @GetMapping("/")
    String home(CurrentUser user, Model model) {
        Map<ConnectionKind, List<Row>> byKind = new EnumMap<>(ConnectionKind.class);
        for (ConnectionKind kind : ConnectionKind.values()) {
            byKind.put(kind, new java.util.ArrayList<>());
        }
        for (ConnectionProfile profile : connections.visibleTo(user)) {
            byKind.get(profile.kind()).add(new Row(profile, connections.mayManage(profile, user)));
        }
        model.addAttribute("byKind", byKind);
        return "home";
    }
}
