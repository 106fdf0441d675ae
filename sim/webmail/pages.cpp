#include "webmail/pages.h"

#include "http/form.h"

#include <fmt/format.h>

namespace postino::webmail {

namespace {

using http::htmlEscape;

// HTML lines end in CRLF like the HTTP head, so a transcript shows the page line by line.
std::string withCrlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
        out += text[i];
    }
    return out;
}

// A calm, readable page: the same frame around every view.
std::string document(std::string_view title, std::string_view hostname, std::string_view user,
                     std::string_view content) {
    std::string nav;
    if (!user.empty())
        nav = fmt::format(
            "<nav><b>{}</b> | <a href=\"/inbox\">Inbox</a> | <a href=\"/compose\">Write</a> | "
            "<form method=\"post\" action=\"/logout\"><button>Log out</button></form></nav>\n",
            htmlEscape(user));
    return withCrlf(fmt::format(
        "<!DOCTYPE html>\n"
        "<html lang=\"en\">\n"
        "<head>\n"
        "<meta charset=\"utf-8\">\n"
        "<title>{} - {}</title>\n"
        "<style>body{{font-family:sans-serif;margin:2em}} td,th{{padding:.3em .8em;text-align:left}} "
        ".unread{{font-weight:bold}} nav form{{display:inline}} pre{{white-space:pre-wrap}}</style>\n"
        "</head>\n"
        "<body>\n"
        "<header>Webmail on {}</header>\n"
        "{}"
        "{}"
        "</body>\n"
        "</html>\n",
        htmlEscape(title), htmlEscape(hostname), htmlEscape(hostname), nav, content));
}

std::string problemLine(std::string_view problem) {
    return problem.empty() ? std::string() : fmt::format("<p class=\"problem\">{}</p>\n", htmlEscape(problem));
}

std::string sizeText(std::size_t bytes) {
    if (bytes < 1024) return fmt::format("{} B", bytes);
    return fmt::format("{} kB", (bytes + 512) / 1024);
}

}  // namespace

std::string loginPage(std::string_view hostname, std::string_view problem) {
    const std::string content = fmt::format(
        "<h1>Log in</h1>\n"
        "{}"
        "<form method=\"post\" action=\"/login\">\n"
        "<p><label>Address <input name=\"user\" type=\"email\"></label></p>\n"
        "<p><label>Password <input name=\"password\" type=\"password\"></label></p>\n"
        "<p><button>Log in</button></p>\n"
        "</form>\n",
        problemLine(problem));
    return document("Log in", hostname, {}, content);
}

std::string inboxPage(std::string_view hostname, std::string_view user, const std::vector<InboxRow>& rows,
                      std::string_view notice) {
    std::size_t unread = 0;
    for (const auto& r : rows) unread += !r.seen;
    const std::string noticeLine =
        notice.empty() ? std::string() : fmt::format("<p class=\"notice\">{}</p>\n", htmlEscape(notice));
    std::string content = fmt::format("<h1>Inbox</h1>\n{}<p>{} message{}, {} unread</p>\n", noticeLine,
                                      rows.size(), rows.size() == 1 ? "" : "s", unread);
    content += "<table>\n<tr><th>From</th><th>Subject</th><th>Date</th><th>Size</th></tr>\n";
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        const InboxRow& r = *it;
        const std::string subject = r.subject.empty() ? "(no subject)" : r.subject;
        content += fmt::format(
            "<tr class=\"{}\"><td>{}</td><td><a href=\"/message?uid={}\">{}</a></td><td>{}</td><td>{}</td></tr>\n",
            r.seen ? "read" : "unread", htmlEscape(r.from), r.uid, htmlEscape(subject), htmlEscape(r.date),
            sizeText(r.size));
    }
    content += "</table>\n";
    return document("Inbox", hostname, user, content);
}

std::string messagePage(std::string_view hostname, std::string_view user, std::uint32_t uid,
                        const mail::MessageView& m) {
    std::string content = fmt::format("<h1>{}</h1>\n<table>\n", htmlEscape(m.subject.empty() ? "(no subject)" : m.subject));
    for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"From", m.from},
                                      {"To", m.to}, {"Cc", m.cc}, {"Date", m.date}})
        if (!value.empty()) content += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", name, htmlEscape(value));
    content += "</table>\n";
    content += fmt::format("<pre>{}</pre>\n", htmlEscape(m.text));
    if (!m.attachments.empty()) {
        content += "<h2>Attachments</h2>\n<ul>\n";
        for (const auto& a : m.attachments)
            content += fmt::format("<li>{} ({}, {})</li>\n", htmlEscape(a.name), htmlEscape(a.contentType),
                                   sizeText(a.size));
        content += "</ul>\n";
    }
    content += fmt::format(
        "<form method=\"post\" action=\"/delete\"><input type=\"hidden\" name=\"uid\" value=\"{}\">"
        "<button>Delete</button></form>\n",
        uid);
    return document(m.subject.empty() ? "(no subject)" : m.subject, hostname, user, content);
}

std::string composePage(std::string_view hostname, std::string_view user, std::string_view problem) {
    const std::string content = fmt::format(
        "<h1>Write</h1>\n"
        "{}"
        "<form method=\"post\" action=\"/send\">\n"
        "<p><label>To <input name=\"to\"></label></p>\n"
        "<p><label>Cc <input name=\"cc\"></label></p>\n"
        "<p><label>Bcc <input name=\"bcc\"></label></p>\n"
        "<p><label>Subject <input name=\"subject\"></label></p>\n"
        "<p><textarea name=\"body\" rows=\"12\" cols=\"72\"></textarea></p>\n"
        "<p><button>Send</button></p>\n"
        "</form>\n",
        problemLine(problem));
    return document("Write", hostname, user, content);
}

std::string errorPage(int status, std::string_view reason, std::string_view text) {
    return withCrlf(fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} {}</title>\n</head>\n"
        "<body>\n<h1>{} {}</h1>\n<p>{}</p>\n<p><a href=\"/\">Back to the webmail</a></p>\n</body>\n</html>\n",
        status, htmlEscape(reason), status, htmlEscape(reason), htmlEscape(text)));
}

}  // namespace postino::webmail
