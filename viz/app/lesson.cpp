#include "lesson.h"

#include <chrono>
#include <exception>

namespace postino::viz {

std::unique_ptr<Lesson> Lesson::load(const std::string& path) {
    static std::uint64_t loads = 0;
    auto lesson = std::make_unique<Lesson>();
    lesson->m_serial = ++loads;
    lesson->m_path = path;
    scenario::LoadResult r = scenario::loadScenarioFile(path);
    if (!r.ok()) {
        lesson->m_errors = std::move(r.errors);
        return lesson;
    }
    lesson->m_scenario = std::make_unique<scenario::Scenario>(std::move(*r.scenario));
    const auto start = std::chrono::steady_clock::now();
    try {
        lesson->m_world = std::make_unique<world::World>(*lesson->m_scenario);
        lesson->m_world->run();
        lesson->m_steps = LessonSteps(*lesson->m_scenario, lesson->m_world->trace());
    } catch (const std::exception& e) {
        lesson->m_world.reset();
        lesson->m_errors.push_back({path, 0, 0, "", std::string("the simulation stopped: ") + e.what()});
    }
    lesson->m_simulateMillis =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return lesson;
}

}  // namespace postino::viz
