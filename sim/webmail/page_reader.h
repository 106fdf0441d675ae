// What a browser reads off the webmail's HTML: the page title, the inbox's message links and
// whether they are unread. Just enough of an HTML reader for these pages; no DOM.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postino::webmail {

struct InboxLink {
    std::uint32_t uid = 0;
    std::string subject;  // as shown (entities decoded)
    bool unread = false;
};

// "&amp;" "&lt;" "&gt;" "&quot;" "&#39;" "&#NN;" back to text; anything else as it is.
std::string htmlUnescape(std::string_view text);
// The text of <title>, decoded; "" when there is none.
std::string pageTitle(std::string_view html);
// Every <a href="/message?uid=N">subject</a> in page order, with its row's unread class.
std::vector<InboxLink> inboxLinks(std::string_view html);

}  // namespace postino::webmail
