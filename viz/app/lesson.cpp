#include "lesson.h"

#include <chrono>
#include <exception>

namespace postino::viz {

std::uint64_t Lesson::nextSerial() {
    static std::uint64_t loads = 0;
    return ++loads;
}

std::unique_ptr<Lesson> Lesson::load(const std::string& path) {
    auto lesson = std::make_unique<Lesson>();
    lesson->m_serial = nextSerial();
    lesson->m_path = path;
    scenario::LoadResult r = scenario::loadScenarioFile(path);
    if (!r.ok()) {
        lesson->m_errors = std::move(r.errors);
        return lesson;
    }
    lesson->m_scenario = std::make_unique<scenario::Scenario>(std::move(*r.scenario));
    lesson->run();
    return lesson;
}

std::unique_ptr<Lesson> Lesson::simulate(const scenario::Scenario& scenario) {
    auto lesson = std::make_unique<Lesson>();
    lesson->m_serial = nextSerial();
    lesson->m_path = scenario.sourcePath;
    lesson->m_scenario = std::make_unique<scenario::Scenario>(scenario);
    lesson->run();
    return lesson;
}

void Lesson::run() {
    const auto start = std::chrono::steady_clock::now();
    try {
        m_world = std::make_unique<world::World>(*m_scenario);
        m_world->run();
        m_steps = LessonSteps(*m_scenario, m_world->trace());
    } catch (const std::exception& e) {
        m_world.reset();
        m_errors.push_back({m_path, 0, 0, "", std::string("the simulation stopped: ") + e.what()});
    }
    m_simulateMillis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace postino::viz
