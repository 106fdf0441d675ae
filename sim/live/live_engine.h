// A type-erased handle on any sans-I/O server engine (SMTP, POP3, IMAP), so a
// real socket session can drive whichever one a service needs.
// No I/O here: the live session owns the socket.
#pragma once

#include <memory>
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
};

template <typename Engine>
class EngineAdapter : public LiveEngine {
public:
    explicit EngineAdapter(std::unique_ptr<Engine> engine) : m_engine(std::move(engine)) {}
    void start() override { m_engine->start(); }
    void feed(std::string_view bytes) override { m_engine->feed(bytes); }
    std::string takeOutput() override { return m_engine->takeOutput(); }
    bool wantsClose() const override { return m_engine->wantsClose(); }
    void notify() override {
        if constexpr (requires(Engine& e) { e.notify(); }) m_engine->notify();
    }

private:
    std::unique_ptr<Engine> m_engine;
};

template <typename Engine>
std::unique_ptr<LiveEngine> adapt(std::unique_ptr<Engine> engine) {
    return std::make_unique<EngineAdapter<Engine>>(std::move(engine));
}

}  // namespace postino::live
