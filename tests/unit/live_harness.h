// Test-only: a live session on a loopback socket, served by an io_context on its own thread,
// with the test thread as a blocking client, and a host that keeps the session's notes.
#pragma once

#include "live/live_engine.h"
#include "live/live_session.h"

#include <asio.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace postino::testing {

// The scripted engines' line reader: the next CRLF-ended line taken off the front of `partial`,
// or nothing while the line is not complete.
inline std::optional<std::string> takeLine(std::string& partial) {
    const std::size_t end = partial.find("\r\n");
    if (end == std::string::npos) return std::nullopt;
    std::string line = partial.substr(0, end);
    partial.erase(0, end + 2);
    return line;
}

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using live::LiveSession;
using live::SessionLimits;
using live::SessionTls;

struct RecordingHost : live::SessionHost {
    std::mutex mutex;
    std::vector<std::string> notes;
    int endedCount = 0;
    void line(std::uint32_t, const std::string&, bool, bool, std::string_view) override {}
    void note(const std::string&, std::string_view text) override {
        std::lock_guard lock(mutex);
        notes.emplace_back(text);
    }
    void ended(std::uint32_t) override {
        std::lock_guard lock(mutex);
        ++endedCount;
    }
    bool noted(std::string_view prefix) {
        std::lock_guard lock(mutex);
        for (const auto& n : notes)
            if (n.compare(0, prefix.size(), prefix) == 0) return true;
        return false;
    }
};

struct Harness {
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
    RecordingHost host;
    asio::io_context clientIo;
    tcp::socket client{clientIo};
    std::shared_ptr<LiveSession> session;
    std::thread thread;

    Harness(std::unique_ptr<live::LiveEngine> engine, SessionLimits limits, int clientReceiveBuffer = 0,
            SessionTls tls = {}) {
        tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        client.open(tcp::v4());
        if (clientReceiveBuffer) client.set_option(asio::socket_base::receive_buffer_size(clientReceiveBuffer));
        client.connect(acceptor.local_endpoint());
        tcp::socket served = acceptor.accept();
        if (clientReceiveBuffer) served.set_option(asio::socket_base::send_buffer_size(clientReceiveBuffer));
        session = std::make_shared<LiveSession>(host, std::move(served), std::move(engine), 1, "test", limits, tls);
        session->start();
        thread = std::thread([this] { io.run(); });
    }
    ~Harness() {
        work.reset();
        io.stop();
        thread.join();
        std::error_code ignored;
        client.close(ignored);
    }
    void send(std::string_view text) { asio::write(client, asio::buffer(text)); }
    std::string readLine() {
        std::string line;
        char c;
        while (asio::read(client, asio::buffer(&c, 1)) == 1) {
            line += c;
            if (line.size() >= 2 && line.compare(line.size() - 2, 2, "\r\n") == 0) break;
        }
        return line;
    }
    // The next line if it comes within `wait`, else what came of it (no more input is sent).
    std::string readLineWithin(std::chrono::milliseconds wait) {
        std::string line;
        const auto deadline = Clock::now() + wait;
        client.non_blocking(true);
        while (Clock::now() < deadline) {
            char c;
            std::error_code ec;
            const std::size_t n = client.read_some(asio::buffer(&c, 1), ec);
            if (ec == asio::error::would_block) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
                continue;
            }
            if (ec || n == 0) break;
            line += c;
            if (line.size() >= 2 && line.compare(line.size() - 2, 2, "\r\n") == 0) break;
        }
        client.non_blocking(false);
        return line;
    }
    bool closedByServer() {
        std::error_code ec;
        char c;
        asio::read(client, asio::buffer(&c, 1), ec);
        return ec == asio::error::eof;
    }
};

}  // namespace postino::testing
