// The mail server node's submission policy: whom an authenticated user may send as
// (Postfix reject_sender_login_mismatch with the node's mailboxes as smtpd_sender_login_maps).
#include "test_support.h"

#include "core/base64.h"
#include "nodes/mail_server_node.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

namespace {

std::string plain(const std::string& user, const std::string& password) {
    return base64Encode(std::string(1, '\0') + user + std::string(1, '\0') + password);
}

// The last reply line `session` wrote after `commands`.
std::string lastReply(smtp::ServerSession& session, const std::string& commands) {
    session.feed(commands);
    const std::string out = session.takeOutput();
    const std::size_t end = out.rfind("\r\n");
    const std::size_t start = out.rfind("\r\n", end - 1);
    return out.substr(start == std::string::npos ? 0 : start + 2, end - (start == std::string::npos ? 0 : start + 2));
}

}  // namespace

TEST_CASE("submission: a user sends as themselves or a shared mailbox they belong to, nobody else",
          "[world][smtp][auth]") {
    world::World w(loadLesson("06-imap-shared-mailbox.json"));
    auto* server = dynamic_cast<world::MailServerNode*>(&w.node(*w.indexOf("mail-shop")));
    REQUIRE(server);
    auto session = server->newSmtpSession(true, "192.0.2.11");
    session->feed("EHLO anna-laptop\r\nAUTH PLAIN " + plain("anna@shop.example", "counter") + "\r\n");
    CHECK(session->takeOutput().find("235 2.7.0 Authentication successful") != std::string::npos);
    auto tryFrom = [&](const std::string& from) {
        return lastReply(*session, "RSET\r\nMAIL FROM:<" + from + ">\r\nRCPT TO:<carla@customer.example>\r\n");
    };
    CHECK(tryFrom("anna@shop.example") == "250 2.1.5 Ok");
    CHECK(tryFrom("Anna@Shop.Example") == "250 2.1.5 Ok");
    CHECK(tryFrom("info@shop.example") == "250 2.1.5 Ok");  // the shared mailbox anna is a member of
    CHECK(tryFrom("") == "250 2.1.5 Ok");                   // the null sender (bounces) is not checked
    CHECK(tryFrom("marco@shop.example") ==
          "553 5.7.1 <marco@shop.example>: Sender address rejected: not owned by user anna@shop.example");
    CHECK(tryFrom("carla@customer.example") ==
          "553 5.7.1 <carla@customer.example>: Sender address rejected: not owned by user anna@shop.example");
    CHECK(tryFrom("ceo@bank.example") ==
          "553 5.7.1 <ceo@bank.example>: Sender address rejected: not owned by user anna@shop.example");

    // Port 25 takes mail from anyone for its own users: no login, no ownership to check.
    auto mx = server->newSmtpSession(false, "192.0.2.12");
    CHECK(lastReply(*mx, "EHLO x\r\nMAIL FROM:<marco@shop.example>\r\nRCPT TO:<anna@shop.example>\r\n") ==
          "250 2.1.5 Ok");
}
