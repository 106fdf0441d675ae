// The lesson on screen: a scenario file loaded and simulated once into a Trace, with the
// mail stores and device caches as they end. Load problems are kept to show, never thrown.
#pragma once

#include "model/lesson_steps.h"
#include "scenario/scenario_loader.h"
#include "trace/trace.h"
#include "world/world.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace postino::viz {

class Lesson {
public:
    // Loads and simulates `path`. On failure ok() is false and errors() says why.
    static std::unique_ptr<Lesson> load(const std::string& path);
    // Simulates a scenario already in memory (an edited lesson); path() is its sourcePath.
    static std::unique_ptr<Lesson> simulate(const scenario::Scenario& scenario);

    bool ok() const { return m_world != nullptr; }
    const std::string& path() const { return m_path; }
    const std::vector<scenario::LoadError>& errors() const { return m_errors; }
    const scenario::Scenario& scenario() const { return *m_scenario; }
    const trace::Trace& trace() const { return m_world->trace(); }
    world::World& world() { return *m_world; }
    // The guided lesson's steps resolved against this run, with the class's answers.
    LessonSteps& steps() { return m_steps; }
    double simulateMillis() const { return m_simulateMillis; }
    // Unique per load, so panels can tell a reloaded lesson apart from the one they cached
    // (a new lesson may well reuse the old one's addresses).
    std::uint64_t serial() const { return m_serial; }

private:
    static std::uint64_t nextSerial();
    void run();  // builds and runs the world from m_scenario

    std::string m_path;
    std::vector<scenario::LoadError> m_errors;
    std::unique_ptr<scenario::Scenario> m_scenario;
    std::unique_ptr<world::World> m_world;
    LessonSteps m_steps;
    double m_simulateMillis = 0;
    std::uint64_t m_serial = 0;
};

}  // namespace postino::viz
