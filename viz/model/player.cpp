#include "model/player.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace postino::viz {

namespace {
constexpr std::array<double, 13> kSpeeds = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1,
                                            0.2,   0.5,   1.0,   2.0,  5.0,  10.0};
}  // namespace

std::span<const double> Player::speedPresets() { return kSpeeds; }

Player::Player(const TraceIndex& index) : m_index(&index) {}

void Player::play() {
    if (atEnd()) {
        jumpTo(Time::zero());
        m_dweltAt.reset();
    }
    m_playing = true;
}

void Player::pause() { m_playing = false; }

void Player::toggle() {
    if (m_playing)
        pause();
    else
        play();
}

void Player::restart() {
    jumpTo(Time::zero());
    m_dweltAt.reset();  // an event at time 0 gets its dwell too
    m_playing = true;
}

void Player::seek(Time t) { jumpTo(std::clamp(t, Time::zero(), end())); }

void Player::jumpTo(Time t) {
    m_playhead = t;
    m_dwellLeft = 0;
    m_dweltAt = t;  // the user is looking at this moment already: playing on moves on
    m_glide.reset();
    m_fractionNs = 0;
}

double Player::speed() const { return kSpeeds[static_cast<std::size_t>(m_speedPreset)]; }

void Player::setSpeedPreset(int preset) {
    m_speedPreset = std::clamp(preset, 0, static_cast<int>(kSpeeds.size()) - 1);
    m_glide.reset();
}

bool Player::faster() {
    if (m_speedPreset + 1 >= static_cast<int>(kSpeeds.size())) return false;
    setSpeedPreset(m_speedPreset + 1);
    return true;
}

bool Player::slower() {
    if (m_speedPreset == 0) return false;
    setSpeedPreset(m_speedPreset - 1);
    return true;
}

void Player::setMode(PlayMode mode) {
    m_mode = mode;
    m_dwellLeft = 0;
    m_dweltAt = m_playhead;
    m_glide.reset();
}

void Player::setDwellSeconds(double wallSeconds) { m_dwellSeconds = std::max(0.0, wallSeconds); }

void Player::setIdleSkipSeconds(double wallSeconds) { m_idleSkipSeconds = std::max(0.0, wallSeconds); }

std::optional<Time> Player::stopBetween(Time from, Time to) const {
    const auto it = std::upper_bound(m_stops.begin(), m_stops.end(), from);
    if (it == m_stops.end() || *it > to) return std::nullopt;
    return *it;
}

bool Player::stepNext(Granularity g) {
    pause();
    const auto t = m_index->nextStepPoint(g, m_playhead);
    if (!t) return false;
    const Time target = std::min(*t, end());
    jumpTo(stopBetween(m_playhead, target).value_or(target));
    return true;
}

bool Player::stepPrevious(Granularity g) {
    pause();
    const auto t = m_index->previousStepPoint(g, m_playhead);
    if (!t) return false;
    jumpTo(std::max(*t, Time::zero()));
    return true;
}

void Player::advance(double wallSeconds) {
    if (!m_playing || !(wallSeconds > 0)) return;
    const Time from = m_playhead;
    if (m_mode == PlayMode::Continuous)
        advanceContinuous(wallSeconds);
    else
        advanceEventPaced(wallSeconds);
    if (const auto stop = stopBetween(from, m_playhead)) {
        jumpTo(*stop);
        pause();
    }
}

double Player::moveTowards(Time limit, double rate, double wallSeconds) {
    const double gapNs = static_cast<double>((limit - m_playhead).ns());
    const double wantNs = wallSeconds * rate * 1e9 + m_fractionNs;
    if (wantNs >= gapNs) {
        const double used = rate > 0 ? std::max(0.0, (gapNs - m_fractionNs) / (rate * 1e9)) : wallSeconds;
        m_playhead = limit;
        m_fractionNs = 0;
        return std::min(used, wallSeconds);
    }
    const double whole = std::floor(wantNs);
    m_playhead += Duration::nanos(static_cast<std::int64_t>(whole));
    m_fractionNs = wantNs - whole;
    return wallSeconds;
}

double Player::paceFactor() const {
    return std::clamp(kSpeeds[static_cast<std::size_t>(kDefaultSpeedPreset)] / speed(), 0.02, 1.0);
}

double Player::glideTowards(Time limit, double rate, double wallBudget, double wallSeconds) {
    if (!m_glide || m_glide->to != limit) {
        const double gapSeconds = (limit - m_playhead).toSeconds();
        const double glideRate = wallBudget > 0 ? gapSeconds / wallBudget : 1e18;
        m_glide = Glide{limit, std::max(rate, glideRate)};
    }
    const double used = moveTowards(limit, m_glide->rate, wallSeconds);
    if (m_playhead == limit) m_glide.reset();
    return used;
}

void Player::advanceContinuous(double wallSeconds) {
    while (m_playing && wallSeconds > 0 && !atEnd()) {
        // A long quiet wait ahead (nothing in flight, no event for many seconds of watching): glide over it.
        if (!m_index->busySpanAt(m_playhead)) {
            const Time quietEnd = std::min({m_index->nextStepPoint(Granularity::Event, m_playhead).value_or(end()),
                                            m_index->nextBusyStart(m_playhead).value_or(end()), end()});
            if ((quietEnd - m_playhead).toSeconds() / speed() > kLongQuietWallSeconds ||
                (m_glide && m_glide->to == quietEnd)) {
                wallSeconds -= glideTowards(quietEnd, speed(), m_idleSkipSeconds, wallSeconds);
                continue;
            }
        }
        m_glide.reset();
        moveTowards(end(), speed(), wallSeconds);
        break;
    }
    if (atEnd()) pause();
}

void Player::advanceEventPaced(double wallSeconds) {
    while (m_playing) {
        if (m_dwellLeft > 0) {
            const double used = std::min(wallSeconds, m_dwellLeft);
            m_dwellLeft -= used;
            wallSeconds -= used;
            if (m_dwellLeft > 0) return;
            m_dwellLeft = 0;
            continue;
        }
        if (m_dweltAt != m_playhead && m_index->isStepPoint(Granularity::Event, m_playhead) &&
            m_dwellSeconds > 0) {
            m_dweltAt = m_playhead;
            m_dwellLeft = effectiveDwellSeconds();
            continue;
        }
        if (atEnd()) {
            pause();
            return;
        }
        if (!(wallSeconds > 0)) return;

        const Time nextEvent = std::min(m_index->nextStepPoint(Granularity::Event, m_playhead).value_or(end()), end());
        if (const TimeSpan* busy = m_index->busySpanAt(m_playhead)) {
            const Time limit = std::min(nextEvent, busy->end);
            m_glide.reset();
            wallSeconds -= moveTowards(limit, speed(), wallSeconds);
        } else {
            const Time limit = std::min(nextEvent, m_index->nextBusyStart(m_playhead).value_or(end()));
            wallSeconds -= glideTowards(limit, speed(), m_idleSkipSeconds * paceFactor(), wallSeconds);
        }
    }
}

}  // namespace postino::viz
