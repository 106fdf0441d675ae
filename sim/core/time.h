// Simulated time: a strong int64 nanosecond count since the start of a run.
// Never a double inside the engine; conversions to seconds exist only for
// input (scenario files) and output (timelines, pcap timestamps).
#pragma once

#include <cstdint>
#include <compare>
#include <string>

namespace postino {

class Duration {
public:
    constexpr Duration() = default;
    static constexpr Duration nanos(std::int64_t n) { return Duration(n); }
    static constexpr Duration micros(std::int64_t n) { return Duration(n * 1'000); }
    static constexpr Duration millis(std::int64_t n) { return Duration(n * 1'000'000); }
    static constexpr Duration seconds(std::int64_t n) { return Duration(n * 1'000'000'000); }

    constexpr std::int64_t ns() const { return m_ns; }
    constexpr double toSeconds() const { return static_cast<double>(m_ns) / 1e9; }

    constexpr auto operator<=>(const Duration&) const = default;
    constexpr Duration operator+(Duration o) const { return Duration(m_ns + o.m_ns); }
    constexpr Duration operator-(Duration o) const { return Duration(m_ns - o.m_ns); }
    constexpr Duration operator*(std::int64_t k) const { return Duration(m_ns * k); }
    constexpr Duration& operator+=(Duration o) { m_ns += o.m_ns; return *this; }

private:
    constexpr explicit Duration(std::int64_t n) : m_ns(n) {}
    std::int64_t m_ns = 0;
};

class Time {
public:
    constexpr Time() = default;
    static constexpr Time zero() { return Time(); }
    static constexpr Time fromNanos(std::int64_t n) { Time t; t.m_ns = n; return t; }
    static constexpr Time max() { return fromNanos(INT64_MAX); }

    constexpr std::int64_t ns() const { return m_ns; }
    constexpr double toSeconds() const { return static_cast<double>(m_ns) / 1e9; }

    constexpr auto operator<=>(const Time&) const = default;
    constexpr Time operator+(Duration d) const { return fromNanos(m_ns + d.ns()); }
    constexpr Time operator-(Duration d) const { return fromNanos(m_ns - d.ns()); }
    constexpr Duration operator-(Time o) const { return Duration::nanos(m_ns - o.m_ns); }
    constexpr Time& operator+=(Duration d) { m_ns += d.ns(); return *this; }

private:
    std::int64_t m_ns = 0;
};

// "12.345678" — seconds with microsecond precision, as timelines print it.
std::string formatSeconds(Time t);

}  // namespace postino
