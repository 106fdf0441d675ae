// trace/mail_fate read from queue records written by hand: what each recipient became, and the
// summary's counts.
#include "trace/mail_fate.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::trace;

namespace {

QueueRecord record(QueueName queue, int attempts, std::vector<QueueRecipient> recipients) {
    QueueRecord r;
    r.node = 1;
    r.queueId = "514096AC10";
    r.messageId = "<m1@pc2>";
    r.sender = "u1@d00.example";
    r.queue = queue;
    r.attempts = attempts;
    r.recipients = std::move(recipients);
    return r;
}

}  // namespace

// Found by the property test (seed 117): a server switched off for good keeps a mail whose first
// recipient has already bounced; that recipient was counted "still queued", not "bounced".
TEST_CASE("a recipient that finished is not still queued when another recipient of its mail waits",
          "[mail_fate]") {
    Trace t;
    const QueueRecipient waiting{"x@elsewhere.org", RecipientStatus::Pending, "", ""};
    const QueueRecipient nx{"x@ghost.d02.example", RecipientStatus::Pending, "", ""};
    const QueueRecipient deferred{"x@elsewhere.org", RecipientStatus::Deferred, "Host not found, try again", "4.4.3"};
    const QueueRecipient bounced{"x@ghost.d02.example", RecipientStatus::Bounced, "Host not found", "5.4.4"};
    t.queue.push_back(record(QueueName::Incoming, 0, {waiting, nx}));
    t.queue.push_back(record(QueueName::Active, 1, {waiting, nx}));
    t.queue.push_back(record(QueueName::Deferred, 1, {deferred, bounced}));
    t.queue.push_back(record(QueueName::Active, 2, {deferred, bounced}));
    t.queue.push_back(record(QueueName::Deferred, 2, {deferred, bounced}));

    const auto fates = mailFates(t);
    REQUIRE(fates.size() == 2);
    CHECK(fates[0].stillQueued);
    CHECK(fates[0].status == RecipientStatus::Deferred);
    CHECK(fates[0].deferrals == 2);
    CHECK_FALSE(fates[1].stillQueued);
    CHECK(fates[1].status == RecipientStatus::Bounced);

    const MailCounts c = countMail(t);
    CHECK(c.mails == 1);
    CHECK(c.recipients == 2);
    CHECK(c.queued == 1);
    CHECK(c.bounced == 1);
    CHECK(c.deferrals == 2);
}

TEST_CASE("a mail removed from the queue leaves no recipient still queued", "[mail_fate]") {
    Trace t;
    t.queue.push_back(record(QueueName::Incoming, 0, {{"bob@x.example", RecipientStatus::Pending, "", ""}}));
    t.queue.push_back(record(QueueName::Deferred, 1, {{"bob@x.example", RecipientStatus::Deferred, "busy", "4.3.0"}}));
    t.queue.push_back(record(QueueName::Removed, 2, {{"bob@x.example", RecipientStatus::Delivered, "ok", "2.0.0"}}));
    const MailCounts c = countMail(t);
    CHECK(c.delivered == 1);
    CHECK(c.deferrals == 1);
    CHECK(c.queued == 0);
}
