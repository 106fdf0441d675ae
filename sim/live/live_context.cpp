#include "live/live_context.h"

#include "nodes/node.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <ostream>

namespace postino::live {

LiveContext::LiveContext(world::World& world, world::Node& node, std::function<void()> afterInput,
                         std::ostream& out, TraceWindow window, std::size_t serviceCount)
    : m_world(world), m_node(node), m_afterInput(std::move(afterInput)), m_out(out), m_window(window),
      m_start(std::chrono::steady_clock::now()), m_open(serviceCount, 0) {}

void LiveContext::catchUp() {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - m_start).count();
    const Time target = Time::fromNanos(elapsed);
    if (target > m_world.sim().now()) m_world.sim().runUntil(target, true);
    printNewEvents();
}

void LiveContext::printNewEvents() {
    auto& trace = m_world.trace();
    for (; m_eventsPrinted < trace.events.size(); ++m_eventsPrinted) {
        const auto& e = trace.events[m_eventsPrinted];
        fmt::print(m_out, "{:>11}  {:<15} {}\n", formatSeconds(e.time), trace.nodes.at(e.node).id, e.text);
    }
    const Trimmed trimmed = trimToWindow(trace, m_window);
    m_eventsPrinted -= trimmed.events;
    if (trimmed.any() && !m_trimNoted) {
        m_trimNoted = true;
        fmt::print(m_out,
                   "{:>11}  live: the trace keeps the newest {} protocol lines and {} events; older ones are "
                   "printed here and then dropped\n",
                   formatSeconds(m_world.sim().now()), m_window.lines, m_window.events);
    }
    m_out.flush();
}

void LiveContext::opened(std::uint32_t connection, std::size_t service) {
    ++m_open.at(service);
    m_serviceOf[connection] = service;
}

void LiveContext::pokeAll() {
    std::erase_if(m_sessions, [](const std::weak_ptr<LiveSession>& w) {
        const auto s = w.lock();
        return !s || s->finished();
    });
    for (const auto& weak : m_sessions)
        if (auto session = weak.lock()) session->poke();
}

void LiveContext::afterInput() {
    if (m_afterInput) m_afterInput();
    printNewEvents();
}

void LiveContext::line(std::uint32_t connection, const std::string& label, bool fromClient, bool tls,
                       std::string_view text) {
    std::string shown(text.substr(0, kShownLineLimit));
    if (text.size() > kShownLineLimit) shown += fmt::format(" [... {} more characters]", text.size() - kShownLineLimit);
    m_node.recordLines(connection, fromClient, shown, tls);
    // As the transcript marks them: what crossed inside TLS was encrypted on the wire.
    fmt::print(m_out, "{:>11}  live {} {}: {}{}\n", formatSeconds(m_world.sim().now()), label, fromClient ? "C" : "S",
               tls ? "[TLS] " : "", shown);
}

void LiveContext::note(const std::string& label, std::string_view text) {
    fmt::print(m_out, "{:>11}  live {} {}\n", formatSeconds(m_world.sim().now()), label, text);
    m_out.flush();
}

void LiveContext::ended(std::uint32_t connection) {
    auto& rec = m_world.trace().connection(connection);
    if (rec.closed == Time::max()) rec.closed = m_world.sim().now();
    if (const auto it = m_serviceOf.find(connection); it != m_serviceOf.end()) {
        --m_open.at(it->second);
        m_serviceOf.erase(it);
    }
    m_endedSinceTrim = true;
}

void LiveContext::releaseMemory() {
    // After a burst of sessions the heap is full of holes: give the free pages back to the
    // system when sessions have ended (at most once a second; it takes well under 1 ms).
    const auto now = std::chrono::steady_clock::now();
    if (!m_endedSinceTrim || now - m_lastTrim < std::chrono::seconds(1)) return;
    m_endedSinceTrim = false;
    m_lastTrim = now;
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace postino::live
