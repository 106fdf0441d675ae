#include "webmail/page_reader.h"

#include "core/utf8.h"

#include <charconv>

namespace postino::webmail {

std::string htmlUnescape(std::string_view text) {
    static const std::pair<std::string_view, char> kNamed[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        bool done = false;
        if (text[i] == '&') {
            for (const auto& [entity, c] : kNamed)
                if (text.substr(i, entity.size()) == entity) {
                    out += c;
                    i += entity.size();
                    done = true;
                    break;
                }
            const std::size_t semi = text.find(';', i);
            if (!done && text.substr(i, 2) == "&#" && semi != std::string_view::npos && semi - i <= 9) {
                std::uint32_t cp = 0;
                auto [end, ec] = std::from_chars(text.data() + i + 2, text.data() + semi, cp);
                if (ec == std::errc() && end == text.data() + semi && cp > 0 && cp <= 0x10FFFF &&
                    !(cp >= 0xD800 && cp <= 0xDFFF)) {
                    appendUtf8(out, cp);
                    i = semi + 1;
                    done = true;
                }
            }
        }
        if (!done) out += text[i++];
    }
    return out;
}

std::string pageTitle(std::string_view html) {
    const std::size_t open = html.find("<title>");
    if (open == std::string_view::npos) return {};
    const std::size_t start = open + 7;
    const std::size_t close = html.find("</title>", start);
    if (close == std::string_view::npos) return {};
    return htmlUnescape(html.substr(start, close - start));
}

std::vector<InboxLink> inboxLinks(std::string_view html) {
    static constexpr std::string_view kHref = "<a href=\"/message?uid=";
    std::vector<InboxLink> links;
    std::size_t pos = 0;
    while ((pos = html.find(kHref, pos)) != std::string_view::npos) {
        const std::size_t numStart = pos + kHref.size();
        const std::size_t quote = html.find('"', numStart);
        const std::size_t textStart = quote == std::string_view::npos ? quote : html.find('>', quote);
        const std::size_t textEnd = textStart == std::string_view::npos ? textStart : html.find("</a>", textStart);
        if (textEnd == std::string_view::npos) break;
        InboxLink link;
        auto [end, ec] = std::from_chars(html.data() + numStart, html.data() + quote, link.uid);
        if (ec == std::errc() && end == html.data() + quote && link.uid != 0) {
            link.subject = htmlUnescape(html.substr(textStart + 1, textEnd - textStart - 1));
            // The row this link sits in: <tr class="unread"> or <tr class="read">.
            const std::size_t row = html.rfind("<tr", pos);
            const std::size_t cls = row == std::string_view::npos ? row : html.find("class=\"", row);
            link.unread = cls != std::string_view::npos && cls < pos && html.substr(cls + 7, 7) == "unread\"";
            links.push_back(std::move(link));
        }
        pos = textEnd;
    }
    return links;
}

}  // namespace postino::webmail
