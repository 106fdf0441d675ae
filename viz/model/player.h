// The playhead: play/pause, seek, speed presets, stepping by event/line/hop, and the
// event-paced mode. It holds only a Time (state comes from stateAt); it never reads a clock.
#pragma once

#include "core/time.h"
#include "model/trace_index.h"

#include <optional>
#include <span>
#include <vector>

namespace postino::viz {

enum class PlayMode {
    Continuous,  // simulated time runs at speed x wall time; a long quiet wait is crossed quickly
    EventPaced,  // stops at each event time for a dwell; idle stretches are crossed quickly
};

class Player {
public:
    // Simulated seconds per wall second, ascending in 1-2-5 steps: 0.001x ... 10x.
    static std::span<const double> speedPresets();
    static constexpr int kDefaultSpeedPreset = 3;  // 0.01x: a 2 ms hop takes 0.2 s to watch
    // A stretch with nothing in flight and no event that would take longer than this to watch
    // at the chosen speed (a queue waiting to retry, a SYN timing out, the pause between two
    // mails) is crossed by continuous play in idleSkipSeconds() instead.
    static constexpr double kLongQuietWallSeconds = 5.0;

    explicit Player(const TraceIndex& index);  // paused at 0

    Time playhead() const { return m_playhead; }
    Time end() const { return m_index->endTime(); }
    bool atEnd() const { return m_playhead >= end(); }

    bool playing() const { return m_playing; }
    void play();  // at the end: starts again from 0
    void pause();
    void toggle();
    void restart();    // back to 0 and playing
    void seek(Time t);  // clamped to [0, end]; pauses nothing, cancels a dwell

    double speed() const;
    int speedPreset() const { return m_speedPreset; }
    void setSpeedPreset(int preset);  // clamped to the presets
    bool faster();                    // false when already the fastest
    bool slower();                    // false when already the slowest

    PlayMode mode() const { return m_mode; }
    void setMode(PlayMode mode);
    // The wall time EventPaced play rests at each event, at the default speed or slower; faster
    // speeds shorten it (and the idle skip) in proportion, down to 1/50, so a run of days with
    // a hundred retries plays in seconds at the fastest speed.
    double dwellSeconds() const { return m_dwellSeconds; }
    void setDwellSeconds(double wallSeconds);
    double effectiveDwellSeconds() const { return m_dwellSeconds * paceFactor(); }
    // Longest wall time an idle stretch (nothing in flight, no event due) takes in EventPaced mode
    // (shortened like the dwell at faster speeds), and a long quiet wait in Continuous mode.
    double idleSkipSeconds() const { return m_idleSkipSeconds; }
    void setIdleSkipSeconds(double wallSeconds);
    bool dwelling() const { return m_dwellLeft > 0; }
    double dwellRemaining() const { return m_dwellLeft; }

    // Moves the playhead by `wallSeconds` of real time when playing; pauses at the end.
    void advance(double wallSeconds);

    // Times play must stop at exactly (a guided lesson's questions not yet answered, in order):
    // playing or stepping from before such a time to it or past it pauses there. Playing on from
    // the stop itself goes on.
    void setStops(std::vector<Time> stops) { m_stops = std::move(stops); }
    const std::vector<Time>& stops() const { return m_stops; }

    // Pause and jump to the first step point strictly after / the last strictly before the
    // playhead; false (and no move) when there is none.
    bool stepNext(Granularity g);
    bool stepPrevious(Granularity g);

private:
    // The first stop in (from, to], if any.
    std::optional<Time> stopBetween(Time from, Time to) const;
    void jumpTo(Time t);  // user-driven move: forget dwell, glide and sub-nanosecond remainder
    void advanceContinuous(double wallSeconds);
    void advanceEventPaced(double wallSeconds);
    // 1 at the default speed and slower; default / speed above it, never under 0.02.
    double paceFactor() const;
    // Crosses the idle stretch up to `limit` in `wallBudget` seconds (or at `rate` when faster).
    double glideTowards(Time limit, double rate, double wallBudget, double wallSeconds);
    // Moves towards `limit` at `rate` (sim s / wall s); returns the wall seconds used.
    double moveTowards(Time limit, double rate, double wallSeconds);

    struct Glide {
        Time to;
        double rate = 0;
    };

    const TraceIndex* m_index;
    Time m_playhead;
    bool m_playing = false;
    int m_speedPreset = kDefaultSpeedPreset;
    PlayMode m_mode = PlayMode::Continuous;
    double m_dwellSeconds = 1.2;
    double m_idleSkipSeconds = 0.25;
    double m_dwellLeft = 0;
    std::optional<Time> m_dweltAt;  // the event time already given its dwell (or looked at by the user)
    std::optional<Glide> m_glide;   // the idle stretch being crossed
    double m_fractionNs = 0;        // sub-nanosecond carry so slow speeds do not drift
    std::vector<Time> m_stops;      // sorted
};

}  // namespace postino::viz
