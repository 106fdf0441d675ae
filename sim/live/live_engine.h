// A type-erased handle on any sans-I/O server engine (SMTP, POP3, IMAP, the webmail's
// HTTP), so a real socket session can drive whichever one a service needs.
// No I/O here: the live session owns the socket, the clock and the timers.
#pragma once

#include "core/time.h"

#include <concepts>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace postino::live {

class LiveEngine {
public:
    virtual ~LiveEngine() = default;
    virtual void start() = 0;
    virtual void feed(std::string_view bytes) = 0;
    virtual std::string takeOutput() = 0;
    virtual bool wantsClose() const = 0;
    // "The store changed": engines that push updates (IMAP IDLE) may produce output.
    virtual void notify() {}
    // The client was idle too long: the engine says goodbye in its protocol's words
    // (SMTP 421 4.4.2, IMAP * BYE, POP3 -ERR) and wants to close. Engines without
    // words for it just want to close.
    virtual void onTimeout() = 0;
    // After a failed login: hold the output just taken for this long and feed no more
    // input until then (Dovecot's auth_failure_delay). Asked after each takeOutput().
    virtual std::optional<Duration> takeReplyDelay() { return std::nullopt; }
    // The engine said "go ahead" to STARTTLS (SMTP), STLS (POP3) or STARTTLS (IMAP) in the output
    // just taken: once that is written in clear, the connection turns to TLS. Reported once.
    virtual bool takeStartTls() { return false; }
};

template <typename Engine>
class EngineAdapter : public LiveEngine {
public:
    explicit EngineAdapter(std::unique_ptr<Engine> engine) : m_engine(std::move(engine)) {}
    void start() override { m_engine->start(); }
    void feed(std::string_view bytes) override { m_engine->feed(bytes); }
    std::string takeOutput() override {
        // Nothing reads the engines' events in live mode; left alone they would pile up for
        // as long as a connection lasts (one per command).
        if constexpr (requires(Engine& e) { e.takeEvents(); }) (void)m_engine->takeEvents();
        return m_engine->takeOutput();
    }
    bool wantsClose() const override { return m_timedOut || m_engine->wantsClose(); }
    void notify() override {
        if constexpr (requires(Engine& e) { e.notify(); }) m_engine->notify();
    }
    void onTimeout() override {
        if constexpr (requires(Engine& e) { e.onTimeout(); }) m_engine->onTimeout();
        else m_timedOut = true;
    }
    std::optional<Duration> takeReplyDelay() override {
        if constexpr (requires(Engine& e) { e.takeReplyDelay(); }) return m_engine->takeReplyDelay();
        else return std::nullopt;
    }
    bool takeStartTls() override {
        if constexpr (requires(Engine& e) { { e.takeStartTls() } -> std::convertible_to<bool>; })
            return m_engine->takeStartTls();
        else return false;
    }

private:
    std::unique_ptr<Engine> m_engine;
    bool m_timedOut = false;
};

template <typename Engine>
std::unique_ptr<LiveEngine> adapt(std::unique_ptr<Engine> engine) {
    return std::make_unique<EngineAdapter<Engine>>(std::move(engine));
}

}  // namespace postino::live
