#include "core/simulator.h"

#include <stdexcept>

namespace postino {

EventHandle Simulator::at(Time when, EventCallback fn, int priority) {
    if (when < m_now) throw std::logic_error("Simulator::at: event scheduled in the past");
    return m_queue.push(when, priority, std::move(fn));
}

bool Simulator::step() {
    Time t;
    EventCallback fn;
    if (!m_queue.pop(t, fn)) return false;
    m_now = t;
    ++m_eventsRun;
    fn();
    return true;
}

std::uint64_t Simulator::runUntil(Time limit, bool advanceClock) {
    std::uint64_t n = 0;
    while (!m_queue.empty() && m_queue.nextTime() <= limit) {
        step();
        ++n;
    }
    if (advanceClock && limit != Time::max() && m_now < limit) m_now = limit;
    return n;
}

}  // namespace postino
