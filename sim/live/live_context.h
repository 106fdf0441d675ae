// What the live sessions of `postino serve` share: the world paced to the wall clock,
// the printer of events and protocol lines, the bounded trace, and the count of open
// connections per service. The world side of every LiveSession (a SessionHost).
#pragma once

#include "live/live_session.h"
#include "live/trace_window.h"
#include "world/world.h"

#include <chrono>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <vector>

namespace postino::live {

// Longer protocol lines are printed and kept cut, with the count of what was left out.
inline constexpr std::size_t kShownLineLimit = 1000;

class LiveContext : public SessionHost {
public:
    LiveContext(world::World& world, world::Node& node, std::function<void()> afterInput, std::ostream& out,
                TraceWindow window, std::size_t serviceCount);

    world::World& world() { return m_world; }
    std::ostream& out() { return m_out; }

    // Brings the simulation up to the wall clock (runs due events, moves the clock), prints.
    void catchUp();
    // Prints the events not printed yet, then drops the trace's oldest records.
    void printNewEvents();

    // Open connections per service (the connection limit).
    std::size_t open(std::size_t service) const { return m_open.at(service); }
    void opened(std::uint32_t connection, std::size_t service);

    void add(std::shared_ptr<LiveSession> session) { m_sessions.push_back(std::move(session)); }
    // Lets every session see changes made elsewhere (deliveries, other sessions).
    void pokeAll();
    // Returns freed heap pages to the system after sessions ended (at most once a second).
    void releaseMemory();

    void beforeWork() override { catchUp(); }
    void afterInput() override;
    void line(std::uint32_t connection, const std::string& label, bool fromClient, bool tls,
              std::string_view text) override;
    void note(const std::string& label, std::string_view text) override;
    void ended(std::uint32_t connection) override;

private:
    world::World& m_world;
    world::Node& m_node;
    std::function<void()> m_afterInput;  // e.g. simulated IMAP sessions see what a live one changed
    std::ostream& m_out;
    TraceWindow m_window;
    std::chrono::steady_clock::time_point m_start;
    std::size_t m_eventsPrinted = 0;
    bool m_trimNoted = false;
    std::vector<std::weak_ptr<LiveSession>> m_sessions;
    std::vector<std::size_t> m_open;
    std::map<std::uint32_t, std::size_t> m_serviceOf;  // open connection -> service
    bool m_endedSinceTrim = false;
    std::chrono::steady_clock::time_point m_lastTrim;
};

}  // namespace postino::live
