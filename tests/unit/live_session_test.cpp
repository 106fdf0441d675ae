// The live session's glue between a real socket and an engine: one write in flight,
// backpressure, idle timeout, replies held back after a failed login, and the bounded
// trace. A tiny scripted engine stands in for the protocol (the glue is what is tested;
// tests/live drive the real engines with real clients).
#include "live/live_engine.h"
#include "live/live_session.h"
#include "live/trace_window.h"
#include "live_harness.h"
#include "trace/mail_places.h"

#include <catch2/catch.hpp>

#include <asio.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <utility>

using namespace postino;
using namespace postino::live;
using namespace postino::testing;

namespace {

// Answers each input line: "BIG n" with a tagged block of `blockSize` bytes, "BAD" with
// "NO" held back `delay` (as after a failed login), anything else with "OK <line>".
struct ScriptedEngine {
    std::size_t blockSize = 64 * 1024;
    postino::Duration delay = postino::Duration::millis(300);
    std::atomic<int>* fedLines = nullptr;
    struct Times {
        std::mutex mutex;
        std::vector<Clock::time_point> at;
    };
    Times* fedAt = nullptr;

    std::string output, partial;
    std::optional<postino::Duration> pendingDelay;
    bool closed = false;

    void start() { output += "HELLO\r\n"; }
    void feed(std::string_view bytes) {
        partial.append(bytes);
        while (const std::optional<std::string> next = takeLine(partial)) {
            const std::string& line = *next;
            if (fedLines) ++*fedLines;
            if (fedAt) {
                std::lock_guard lock(fedAt->mutex);
                fedAt->at.push_back(Clock::now());
            }
            if (line.rfind("BIG ", 0) == 0) {
                std::string block = line + ":";
                block.append(blockSize - block.size() - 2, static_cast<char>('a' + std::stoi(line.substr(4)) % 26));
                output += block + "\r\n";
            } else if (line == "BAD") {
                output += "NO\r\n";
                pendingDelay = delay;
            } else if (line == "QUIT") {
                output += "BYE\r\n";
                closed = true;
            } else {
                output += "OK " + line + "\r\n";
            }
        }
    }
    std::string takeOutput() { return std::exchange(output, {}); }
    bool wantsClose() const { return closed; }
    void onTimeout() {
        output += "TIMEOUT\r\n";
        closed = true;
    }
    std::optional<postino::Duration> takeReplyDelay() { return std::exchange(pendingDelay, std::nullopt); }
};

// Like the IMAP and POP3 engines after a failed login: "BAD" answers "NO" with a delay and
// keeps the rest of what it was fed (here after a ';' on the same line) until its next
// feed(), which the glue owes it once the delay is over, with no bytes if none came.
struct HoldingEngine {
    postino::Duration delay = postino::Duration::millis(300);
    std::string output, held;
    std::optional<postino::Duration> pendingDelay;
    bool holding = false;

    void start() { output += "HELLO\r\n"; }
    void feed(std::string_view bytes) {
        holding = false;
        std::string input = std::exchange(held, {}) + std::string(bytes);
        std::size_t pos = 0;
        while (pos < input.size()) {
            if (holding) {
                held = input.substr(pos);
                return;
            }
            std::size_t end = input.find_first_of(";\n", pos);
            if (end == std::string::npos) {
                held = input.substr(pos);
                return;
            }
            std::string command = input.substr(pos, end - pos);
            if (!command.empty() && command.back() == '\r') command.pop_back();
            pos = end + 1;
            if (command == "BAD") {
                output += "NO\r\n";
                pendingDelay = delay;
                holding = true;
            } else {
                output += "OK " + command + "\r\n";
            }
        }
    }
    std::string takeOutput() { return std::exchange(output, {}); }
    bool wantsClose() const { return false; }
    void onTimeout() {}
    std::optional<postino::Duration> takeReplyDelay() { return std::exchange(pendingDelay, std::nullopt); }
};

// An engine that reports an event per input, like the SMTP, POP3 and IMAP engines.
struct EventfulEngine {
    std::vector<int> events;
    std::string output;
    void start() {}
    void feed(std::string_view) {
        events.push_back(1);
        output += "OK\r\n";
    }
    std::string takeOutput() { return std::exchange(output, {}); }
    bool wantsClose() const { return false; }
    void onTimeout() {}
    std::vector<int> takeEvents() { return std::exchange(events, {}); }
};

// An engine with neither onTimeout() nor takeReplyDelay(), like the webmail's HTTP.
struct PlainEngine {
    void start() {}
    void feed(std::string_view) {}
    std::string takeOutput() { return {}; }
    bool wantsClose() const { return false; }
};

template <typename Engine>
std::unique_ptr<LiveEngine> engineOf(Engine e) {
    return adapt(std::make_unique<Engine>(std::move(e)));
}

}  // namespace

TEST_CASE("live session: replies to commands read one by one never interleave", "[live][session]") {
    // 40 commands arrive in separate reads while the client does not read: many replies wait
    // at once behind a small receive buffer, and must still come out whole and in order.
    std::atomic<int> fed{0};
    ScriptedEngine engine;
    engine.fedLines = &fed;
    SessionLimits limits;
    limits.outputLimit = 64 * 1024 * 1024;  // no backpressure here: only the write queue
    Harness h(engineOf(engine), limits, 4096);
    CHECK(h.readLine() == "HELLO\r\n");
    constexpr int kCommands = 40;
    for (int i = 0; i < kCommands; ++i) {
        h.send("BIG " + std::to_string(i) + "\r\n");
        const auto deadline = Clock::now() + std::chrono::seconds(2);
        while (fed < i + 1 && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    for (int i = 0; i < kCommands; ++i) {
        const std::string line = h.readLine();
        const std::string tag = "BIG " + std::to_string(i) + ":";
        REQUIRE(line.size() == 64 * 1024);
        REQUIRE(line.compare(0, tag.size(), tag) == 0);
        REQUIRE(line.find_first_not_of(static_cast<char>('a' + i % 26), tag.size()) == line.size() - 2);
    }
}

TEST_CASE("live session: a client that does not read stops the reading, not the memory", "[live][session]") {
    std::atomic<int> fed{0};
    ScriptedEngine engine;
    engine.blockSize = 256 * 1024;
    engine.fedLines = &fed;
    SessionLimits limits;
    limits.outputLimit = 1024 * 1024;
    Harness h(engineOf(engine), limits, 4096);
    CHECK(h.readLine() == "HELLO\r\n");
    std::string commands;
    for (int i = 0; i < 100; ++i) commands += "BIG " + std::to_string(i) + "\r\n";
    h.send(commands);  // 25 MB of replies asked for; nothing read yet
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    // At most the limit waits (plus one reply), and socket buffers hold a few more.
    CHECK(fed.load() <= 8);
    CHECK(fed.load() >= 4);
    for (int i = 0; i < 100; ++i) {  // reading lets it go on to the end
        const std::string line = h.readLine();
        REQUIRE(line.rfind("BIG " + std::to_string(i) + ":", 0) == 0);
    }
    CHECK(fed.load() == 100);
}

TEST_CASE("live session: an idle client gets the engine's goodbye, then the socket closes", "[live][session]") {
    SessionLimits limits;
    limits.idleTimeout = std::chrono::milliseconds(300);
    Harness h(engineOf(ScriptedEngine{}), limits);
    const auto start = Clock::now();
    CHECK(h.readLine() == "HELLO\r\n");
    h.send("PING\r\n");
    CHECK(h.readLine() == "OK PING\r\n");
    CHECK(h.readLine() == "TIMEOUT\r\n");
    CHECK(h.closedByServer());
    const auto waited = Clock::now() - start;
    CHECK(waited >= std::chrono::milliseconds(300));
    CHECK(waited < std::chrono::seconds(3));
    h.client.close();  // the server half-closed and waits for this
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::lock_guard lock(h.host.mutex);
    CHECK(h.host.endedCount == 1);
    CHECK(std::find(h.host.notes.begin(), h.host.notes.end(), "idle for 0.3 s: timed out") != h.host.notes.end());
}

TEST_CASE("live session: an engine without onTimeout is simply closed when idle", "[live][session]") {
    SessionLimits limits;
    limits.idleTimeout = std::chrono::milliseconds(100);
    limits.linger = std::chrono::milliseconds(100);
    Harness h(engineOf(PlainEngine{}), limits);
    CHECK(h.closedByServer());
    auto plain = adapt(std::make_unique<PlainEngine>());
    CHECK_FALSE(plain->takeReplyDelay().has_value());
    CHECK_FALSE(plain->wantsClose());
    plain->onTimeout();
    CHECK(plain->wantsClose());
}

TEST_CASE("live engine adapter: the engine's events do not pile up over a long connection", "[live][session]") {
    auto owned = std::make_unique<EventfulEngine>();
    EventfulEngine* engine = owned.get();
    auto live = adapt(std::move(owned));
    for (int i = 0; i < 1000; ++i) {
        live->feed("NOOP\r\n");
        CHECK(live->takeOutput() == "OK\r\n");
    }
    CHECK(engine->events.empty());
}

TEST_CASE("live session: a reply delay holds the reply and the following input", "[live][session]") {
    ScriptedEngine::Times fedAt;
    ScriptedEngine engine;
    engine.fedAt = &fedAt;
    engine.delay = postino::Duration::millis(300);
    Harness h(engineOf(engine), SessionLimits{});
    CHECK(h.readLine() == "HELLO\r\n");
    const auto sent = Clock::now();
    h.send("BAD\r\nNEXT\r\n");  // pipelined: NEXT must wait for the delay too
    CHECK(h.readLine() == "NO\r\n");
    const auto gotNo = Clock::now();
    CHECK(h.readLine() == "OK NEXT\r\n");
    CHECK(gotNo - sent >= std::chrono::milliseconds(300));
    CHECK(gotNo - sent < std::chrono::seconds(3));
    h.send("QUIT\r\n");
    CHECK(h.readLine() == "BYE\r\n");
    CHECK(h.closedByServer());
    std::lock_guard lock(fedAt.mutex);
    REQUIRE(fedAt.at.size() == 3);
    CHECK(fedAt.at[1] - fedAt.at[0] >= std::chrono::milliseconds(300));
}

TEST_CASE("live session: after a reply delay the engine is fed again, with no bytes if none came",
          "[live][session]") {
    // The engine holds back what followed the failure in the same feed; only its next feed()
    // lets it go on. The client sends nothing more and must still get its answer.
    Harness h(engineOf(HoldingEngine{}), SessionLimits{});
    CHECK(h.readLine() == "HELLO\r\n");
    const auto sent = Clock::now();
    h.send("BAD;NEXT\r\n");
    CHECK(h.readLine() == "NO\r\n");
    CHECK(Clock::now() - sent >= std::chrono::milliseconds(300));
    CHECK(h.readLineWithin(std::chrono::seconds(2)) == "OK NEXT\r\n");
    // Input that comes during the delay is fed after it, behind what the engine held.
    h.send("BAD;ONE\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    h.send("TWO\r\n");
    CHECK(h.readLine() == "NO\r\n");
    CHECK(h.readLineWithin(std::chrono::seconds(2)) == "OK ONE\r\n");
    CHECK(h.readLineWithin(std::chrono::seconds(2)) == "OK TWO\r\n");
}

TEST_CASE("live trace window: the newest records stay, the oldest go once a quarter more is held",
          "[live][trace]") {
    trace::Trace t;
    TraceWindow window;
    window.lines = 8;
    window.events = 4;
    window.records = 4;
    for (int i = 0; i < 10; ++i) t.lines.push_back({Time{}, 1, true, "line " + std::to_string(i)});
    for (int i = 0; i < 5; ++i) {
        trace::Event e;
        e.text = "event " + std::to_string(i);
        t.events.push_back(e);
    }
    Trimmed none = trimToWindow(t, window);  // 10 lines, 5 events: not more than a quarter over
    CHECK_FALSE(none.any());
    t.lines.push_back({Time{}, 1, true, "line 10"});
    trace::Event e;
    e.text = "event 5";
    t.events.push_back(e);
    const Trimmed trimmed = trimToWindow(t, window);
    CHECK(trimmed.lines == 3);
    CHECK(trimmed.events == 2);
    REQUIRE(t.lines.size() == 8);
    CHECK(t.lines.front().text == "line 3");
    CHECK(t.lines.back().text == "line 10");
    REQUIRE(t.events.size() == 4);
    CHECK(t.events.front().text == "event 2");
    CHECK(t.events.back().text == "event 5");
}

TEST_CASE("live trace window: mail places, carried mail and the mails by Message-ID stay bounded", "[live][trace]") {
    trace::Trace t;
    TraceWindow window;
    window.records = 4;
    for (int i = 0; i < 6; ++i) {
        const std::uint32_t mail = trace::mailIdOf(t, "Message-ID: <" + std::to_string(i) + "@x>\r\n\r\nhi\r\n");
        trace::mailArrived(t, Time{}, mail, 0, trace::MailPlace::Queue, "Q" + std::to_string(i));
        trace::CarriedMailRecord c;
        c.connection = static_cast<std::uint32_t>(i + 1);
        c.mail = mail;
        t.carriedMail.push_back(c);
    }
    const Trimmed trimmed = trimToWindow(t, window);
    CHECK(trimmed.records == 2 + 2 + 6);
    REQUIRE(t.mailPlaces.size() == 4);
    CHECK(t.mailPlaces.front().account == "Q2");
    REQUIRE(t.carriedMail.size() == 4);
    CHECK(t.carriedMail.front().connection == 3);
    CHECK(t.mails.empty());
    CHECK(t.mailIds.empty());
    CHECK(trace::mailIdOf(t, "Message-ID: <new@x>\r\n\r\n") == 1);  // the index starts afresh
}

TEST_CASE("live trace window: delivered copies, only for the viewer, are not kept", "[live][trace]") {
    trace::Trace t;
    TraceWindow window;
    for (int i = 0; i < 3; ++i) {
        trace::DeliveredCopyRecord c;
        c.mail = 1;
        c.account = "bob@recipient.example";
        c.top = "Return-Path: <alice@sender.example>\r\n";
        t.deliveredCopies.push_back(c);
    }
    const Trimmed trimmed = trimToWindow(t, window);
    CHECK(trimmed.records == 3);
    CHECK(t.deliveredCopies.empty());
}
