// The webmail's HTML pages: login form, inbox list, one message, compose form, and error
// pages. Pure functions from data to a complete UTF-8 HTML document; no HTTP, no IMAP.
#pragma once

#include "mail/message_view.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postino::webmail {

// One line of the inbox list.
struct InboxRow {
    std::uint32_t uid = 0;
    std::string from;
    std::string subject;
    std::string date;
    std::size_t size = 0;
    bool seen = false;
};

// The login form posts "user" and "password" to /login. `problem` is shown above it when set.
std::string loginPage(std::string_view hostname, std::string_view problem = {});
// Newest first; each subject links to /message?uid=N. `notice` ("Message sent.") when set.
std::string inboxPage(std::string_view hostname, std::string_view user, const std::vector<InboxRow>& rows,
                      std::string_view notice = {});
// The message as the user reads it, with a Delete button posting uid to /delete.
std::string messagePage(std::string_view hostname, std::string_view user, std::uint32_t uid,
                        const mail::MessageView& message);
// The compose form posts to, cc, bcc, subject and body to /send.
std::string composePage(std::string_view hostname, std::string_view user, std::string_view problem = {});
// A short page for an HTTP error ("404 Not Found" and a sentence).
std::string errorPage(int status, std::string_view reason, std::string_view text);

}  // namespace postino::webmail
