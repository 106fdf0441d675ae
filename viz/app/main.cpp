// postino-viz: sets up GLFW, glad and Dear ImGui and runs the frame loop; everything the
// window shows is the App's. Also the headless paths: --screenshot and --bench-frames.
#include "app.h"
#include "map_overlays.h"
#include "panel_registry.h"
#include "screenshot.h"
#include "ui_driver.h"
#include "step_cards.h"
#include "window_frame.h"

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "core/data_dirs.h"
#include "model/frame_times.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace {

void glfwError(int code, const char* text) { std::fprintf(stderr, "postino-viz: GLFW error %d: %s\n", code, text); }

bool parseSize(const std::string& text, int& w, int& h) {
    return std::sscanf(text.c_str(), "%dx%d", &w, &h) == 2 && w >= 320 && h >= 240 && w <= 7680 && h <= 4320;
}

}  // namespace

int main(int argc, char** argv) {
    const auto processStart = std::chrono::steady_clock::now();
    CLI::App cli{"postino-viz: watch mail travel hop by hop through a simulated network"};
    postino::viz::AppOptions options;
    double at = -1;
    std::string screenshot, size = "1280x720", drive;
    int benchFrames = 0;
    int checkLayout = 0;
    double textScale = 0;
    cli.add_option("scenario", options.scenarioPath,
                   "Scenario JSON file, or the name of an installed lesson (default: the cross-domain lesson)");
    cli.add_option("--lang", options.language, "Language of the interface: en, it, es, el")->capture_default_str();
    cli.add_flag("--dark", options.dark, "Start with the dark theme");
    cli.add_option("--at", at, "Simulated second to show at start");
    cli.add_option("--screenshot", screenshot, "Render one frame to this PNG file and exit");
    cli.add_option("--size", size, "Window size WIDTHxHEIGHT")->capture_default_str();
    cli.add_option("--scale", textScale, "Size of text and controls, 0.75 to 3 (default: the monitor's content scale)");
    const auto names = [](postino::viz::PanelPlace place) {
        return fmt::format("{}", fmt::join(postino::viz::panelIds(place), ", "));
    };
    cli.add_option("--tab", options.bottomTab,
                   "Bottom panel to show first: " + names(postino::viz::PanelPlace::BottomTab));
    cli.add_option("--inspector", options.sideTab,
                   "Inspector to show first: " + names(postino::viz::PanelPlace::InspectorTab));
    cli.add_flag("--compose", options.compose, "Open the \"Write a mail\" window at start");
    cli.add_option("--send-mail", options.sendTo,
                   "Send a mail from the lesson's first account to this address at --at, as the window's Send does");
    cli.add_flag("--edit-network", options.editNetwork, "Start in the Edit network mode");
    cli.add_option("--edit-remove-node", options.editRemoveNode,
                   "With --edit-network: remove this node (its id) at start, as Delete does");
    cli.add_flag("--new-lesson", options.newLesson, "Start with a new empty lesson in the Edit network mode");
    cli.add_flag("--present", options.present, "Start in presentation mode: full screen, large text, map, now line and lesson");
    cli.add_option("--connection", options.connection, "Select this connection (its number in the transcript)");
    cli.add_option("--node", options.node, "Select this node (its id in the scenario), e.g. a mail server for the Queue");
    cli.add_option("--drive", drive,
                   "Work the window from this script (move, click, drag, key, type, wait, expect lines), headless; "
                   "exit 1 at the first expect that fails");
    cli.add_option("--bench-frames", benchFrames, "Render this many frames of a busy moment, print frame times, exit");
    cli.add_option("--check-layout", checkLayout,
                   "Render this many moments of the lesson (and its end), report every map name, badge or envelope "
                   "deck that covers something, exit 1 if any")
        ->check(CLI::Range(1, 1000));
    // A guided lesson's questions, for screenshots: the mode, a question to wait at, the choices.
    auto& steps = postino::viz::stepStart();
    cli.add_flag("--self-study", steps.selfStudy, "Guided lessons: start in self-study mode (the student answers)");
    cli.add_option("--question", steps.question, "Guided lessons: wait at this question (1 is the first)")
        ->check(CLI::Range(1, 500));
    cli.add_option("--answers", steps.answers, "Guided lessons: the choice picked for each question in order (1 is the first choice, 0 none), e.g. 2,3")
        ->delimiter(',')->check(CLI::Range(0, 5));
    cli.add_flag("--reveal", steps.reveal, "Guided lessons, teacher mode: reveal the answers of the questions answered and waited at");
    CLI11_PARSE(cli, argc, argv);
    for (const std::string& problem :
         {postino::viz::checkPanelName("--tab", options.bottomTab, postino::viz::PanelPlace::BottomTab),
          postino::viz::checkPanelName("--inspector", options.sideTab, postino::viz::PanelPlace::InspectorTab)})
        if (!problem.empty()) {
            std::fprintf(stderr, "postino-viz: %s\n", problem.c_str());
            return 2;
        }
    if (options.scenarioPath.empty()) {
        // No lesson named: the default one, wherever the data is (installed or the source tree).
        const auto lessons = postino::core::findData(postino::core::DataKind::Lessons);
        if (lessons.found.empty()) {
            std::fprintf(stderr, "postino-viz: %s\n  Name a scenario file: postino-viz my-lesson.json\n",
                         lessons.error().c_str());
            return 2;
        }
        options.scenarioPath = (lessons.found / postino::core::kDefaultLesson).string();
    } else {
        options.scenarioPath = postino::core::resolveLessonPath(options.scenarioPath);
    }
    int width = 0, height = 0;
    if (!parseSize(size, width, height)) {
        std::fprintf(stderr, "postino-viz: --size: expected WIDTHxHEIGHT like 1280x720, got \"%s\"\n", size.c_str());
        return 2;
    }
    const bool headless = !screenshot.empty() || benchFrames > 0 || checkLayout > 0 || !drive.empty();
    postino::viz::UiDriver driver;
    if (!drive.empty()) {
        std::string problem;
        if (!driver.load(drive, problem)) {
            std::fprintf(stderr, "postino-viz: --drive: %s\n", problem.c_str());
            return 2;
        }
    }

    glfwSetErrorCallback(glfwError);
    if (!glfwInit()) {
        std::fprintf(stderr,
                     "postino-viz: no display to open a window on.\n"
                     "  Run it on a desktop, or without one:\n"
                     "    xvfb-run -a postino-viz %s --at 3 --screenshot map.png\n"
                     "    postino run %s --transcript\n",
                     options.scenarioPath.c_str(), options.scenarioPath.c_str());
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    if (headless) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    GLFWwindow* window = glfwCreateWindow(width, height, "Postino", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "postino-viz: cannot open an OpenGL 3.3 window (see the GLFW error above)\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    if (!gladLoadGL(glfwGetProcAddress)) {
        std::fprintf(stderr, "postino-viz: cannot load OpenGL 3.3 functions\n");
        return 1;
    }
    glfwSwapInterval(headless ? 0 : 1);

    float scaleX = 1, scaleY = 1;
    glfwGetWindowContentScale(window, &scaleX, &scaleY);
    if (textScale > 0) options.scale = std::clamp(static_cast<float>(textScale), 0.75f, 3.0f);
    else options.scale = std::clamp(std::max(scaleX, scaleY), 1.0f, 4.0f);

    postino::viz::startImGui(window);

    options.rememberRecent = !headless;
    postino::viz::App app(options);
    postino::viz::listenForDroppedFiles(window);
    if (at >= 0) app.seekSeconds(at);
    // The window's close button asks about unsaved edits first, like Quit.
    glfwSetWindowUserPointer(window, &app);
    glfwSetWindowCloseCallback(window, [](GLFWwindow* w) {
        glfwSetWindowShouldClose(w, GLFW_FALSE);
        static_cast<postino::viz::App*>(glfwGetWindowUserPointer(w))->requestQuit();
    });

    std::vector<double> frameMillis;
    int frames = 0;
    // --check-layout: two frames to settle (font atlas, first layout), then one per moment.
    const std::vector<double> moments = checkLayout > 0 ? app.layoutMoments(checkLayout) : std::vector<double>{};
    std::vector<std::string> crowded;
    const int framesToRender = benchFrames > 0    ? benchFrames + 2
                               : checkLayout > 0 ? static_cast<int>(moments.size()) + 2
                                                 : (screenshot.empty() ? -1 : 3);
    if (benchFrames > 0) app.seekBusiest();
    auto last = std::chrono::steady_clock::now();
    int status = 0;
    int afterDrive = 0;  // frames drawn since the script ended
    bool fullScreen = false;
    int windowedX = 0, windowedY = 0, windowedW = width, windowedH = height;
    while (!glfwWindowShouldClose(window) && !app.wantsQuit()) {
        // Presentation mode fills the monitor the window is on; leaving it gives the window back.
        if (!headless && app.presenting() != fullScreen) {
            fullScreen = app.presenting();
            if (fullScreen) {
                glfwGetWindowPos(window, &windowedX, &windowedY);
                glfwGetWindowSize(window, &windowedW, &windowedH);
                GLFWmonitor* monitor = glfwGetPrimaryMonitor();
                if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr)
                    glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
            } else {
                glfwSetWindowMonitor(window, nullptr, windowedX, windowedY, windowedW, windowedH, 0);
            }
        }
        if (headless) glfwPollEvents();
        else glfwWaitEventsTimeout(app.animating() ? 0.0 : 0.25);
        const auto now = std::chrono::steady_clock::now();
        const double dt = headless ? 0.0 : std::chrono::duration<double>(now - last).count();
        last = now;

        const auto frameStart = std::chrono::steady_clock::now();
        postino::viz::beginBackendFrame();
        if (std::string dropped = postino::viz::takeDroppedFile(); !dropped.empty()) app.open(dropped);
        if (!drive.empty()) {
            if (driver.finished()) ++afterDrive;
            driver.beforeFrame(ImGui::GetIO(), [&](const std::vector<std::string>& words) { return app.checkExpectation(words); });
        }
        app.beforeFrame();
        const bool checking = checkLayout > 0 && frames >= 2 && frames - 2 < static_cast<int>(moments.size());
        if (checking) app.seekSeconds(moments[static_cast<std::size_t>(frames - 2)]);
        postino::viz::mapCrowding().recording = checking;
        postino::viz::mapCrowding().problems.clear();
        ImGui::NewFrame();
        app.frame(dt);
        if (checking)
            for (const std::string& p : postino::viz::mapCrowding().problems)
                crowded.push_back(fmt::format("at {:.6f} s: {}", moments[static_cast<std::size_t>(frames - 2)], p));
        int fbWidth = 0, fbHeight = 0;
        postino::viz::drawFrame(window, fbWidth, fbHeight);
        if (benchFrames > 0) {
            glFinish();
            frameMillis.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frameStart).count());
        }
        ++frames;
        if (frames == 1 && benchFrames > 0) {
            glFinish();
            std::printf("first frame drawn %.0f ms after start (window, fonts, lesson loaded and simulated)\n",
                        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - processStart).count());
        }
        const bool driveOver = !drive.empty() && afterDrive >= 2;  // the script's last input drawn
        if ((framesToRender > 0 && frames >= framesToRender && drive.empty()) || driveOver) {
            if (!screenshot.empty()) {
                std::string problem;
                if (!postino::viz::saveScreenshot(screenshot, fbWidth, fbHeight, problem)) {
                    std::fprintf(stderr, "postino-viz: %s\n", problem.c_str());
                    status = 1;
                } else {
                    std::printf("wrote %s (%dx%d)\n", screenshot.c_str(), fbWidth, fbHeight);
                }
            }
            break;
        }
        glfwSwapBuffers(window);
    }
    if (!drive.empty()) {
        if (!driver.failure().empty()) {
            std::fprintf(stderr, "postino-viz: --drive: %s\n", driver.failure().c_str());
            status = 1;
        } else {
            std::printf("the script ran to its end, every expect held\n");
        }
    }
    // Headless runs say on stderr what the window showed, and fail, when the scenario is broken.
    if (headless && !app.errorText().empty()) {
        std::fprintf(stderr, "%s", app.errorText().c_str());
        status = 2;
    }
    if (checkLayout > 0 && app.errorText().empty()) {
        std::printf("%zu moments checked, %zu crowded places\n", moments.size(), crowded.size());
        for (const std::string& c : crowded) std::printf("  %s\n", c.c_str());
        if (!crowded.empty()) status = 1;
    }
    if (const auto t = benchFrames > 0 ? postino::viz::frameTimes(frameMillis) : std::nullopt) {
        std::printf("%s\n", app.sceneSize().c_str());
        std::printf("%zu frames: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (CPU build of the frame: p50 %.2f ms)\n",
                    t->count, t->p50, t->p90, t->p99, t->max, app.medianBuildMillis());
    }
    postino::viz::stopImGui();
    glfwDestroyWindow(window);
    glfwTerminate();
    return status;
}
