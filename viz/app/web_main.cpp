// postino-viz in the browser: the same App as on the desktop, run by the page's animation frames
// on a canvas that fills the window (WebGL 2), its options read from the page's address.
// web/shell.html loads it, shows progress, and says so where WebGL 2 is missing.
#include "app.h"
#include "gl.h"
#include "platform.h"
#include "i18n.h"
#include "ui_driver.h"
#include "window_frame.h"

#include "core/data_dirs.h"
#include "model/frame_times.h"
#include "model/run_report.h"

#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace {

// One parameter of the page's address (?lesson=05-imap-two-devices&lang=el), "" when absent.
// (postinoHeapString, in web/shell.html, copies a JS string into the program's memory.)
EM_JS(char*, jsUrlParam, (const char* name), {
    return postinoHeapString(new URLSearchParams(location.search).get(UTF8ToString(name)) || '');
});
// What web/shell.html left for the program: Module.postinoFetchedLesson (where it put a scenario
// fetched from an address, ?lesson=https://…/my.json), Module.postinoFetchError (why that fetch
// failed: "HTTP 404 Not Found") or Module.postinoDriveScript (the script of ?drive=<address>);
// "" when it left none.
EM_JS(char*, jsModuleText, (const char* key), { return postinoHeapString(Module[UTF8ToString(key)] || ''); });
// The canvas's backing store, as glfwSetWindowSize would set it. Not glfwSetWindowSize itself:
// emscripten's GLFW asks for full screen instead when the size equals the screen's (a full-screen
// browser window at ratio 1, a projector in kiosk mode), which the browser refuses outside a click:
// the canvas would never follow the window. GLFW hears of the new size through Browser's listeners.
EM_JS(void, jsSetCanvasSize, (int width, int height), { Browser.setCanvasSize(width, height); });
EM_JS(double, jsDevicePixelRatio, (), { return window.devicePixelRatio || 1; });
EM_JS(int, jsCssWidth, (), { return Math.max(320, window.innerWidth | 0); });
EM_JS(int, jsCssHeight, (), { return Math.max(240, window.innerHeight | 0); });
// Presentation mode fills the screen: the page asks the browser (allowed shortly after the click
// or key that turned it on) and leaves full screen with it.
EM_JS(void, jsFullScreen, (int on), {
    const el = document.documentElement;
    if (on && !document.fullscreenElement && el.requestFullscreen) el.requestFullscreen().catch(() => {});
    if (!on && document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => {});
});
// What the page's tests read (tests/web/web_check.py): "firstFrame" (ms after the navigation
// started), "ready" ("ok" or the lesson's errors), "drive" ("ok" or the failure), "state" (a line
// every few frames: "lang=it lesson=02-cross-domain.json canvas=1280x720 frames=30"), "bench".
EM_JS(void, jsReport, (const char* key, const char* text), {
    Module.postinoReport = Module.postinoReport || {};
    Module.postinoReport[UTF8ToString(key)] = UTF8ToString(text);
    if (typeof postinoReported === 'function') postinoReported(UTF8ToString(key), UTF8ToString(text));
});

std::string takeJsString(char* text) {
    std::string s = text ? text : "";
    std::free(text);
    return s;
}
std::string urlParam(const char* name) { return takeJsString(jsUrlParam(name)); }

struct WebRun {
    GLFWwindow* window = nullptr;
    std::unique_ptr<postino::viz::App> app;
    postino::viz::UiDriver driver;
    bool driving = false;
    int afterDrive = 0;
    bool reportedDrive = false;
    int frames = 0;
    double lastSeconds = 0;
    double startMs = 0;
    std::string lessonName;           // for the state line
    std::string scenarioPath;         // the lesson opened at start (?report=run)
    int benchFrames = 0;              // ?bench=N: frames to time at the busiest moment
    std::vector<double> frameMillis;  // their times (the frame's work, to glFinish)
    std::vector<double> gapMillis;    // and from one frame's start to the next (what the reader sees)
    double lastFrameStart = 0;
    double ratio = 0;         // the devicePixelRatio the text scale was last set for
    bool presenting = false;  // presentation mode, as last seen (full screen follows it)
};

// The line tests read: the language on screen, the lesson, the canvas's backing store, frames drawn.
void reportState(const WebRun& run) {
    int width = 0, height = 0;
    glfwGetWindowSize(run.window, &width, &height);
    jsReport("state", fmt::format("lang={} lesson={} canvas={}x{} frames={} t={:.6f} scale={:.2f}",
                                  postino::viz::currentLanguage(), run.lessonName, width, height, run.frames,
                                  run.app->playheadSeconds(), run.app->scale())
                          .c_str());
}

// ?bench=N: as the desktop's --bench-frames, the frame times of the busiest moment, printed and reported.
void reportBench(WebRun& run) {
    const auto ms = postino::viz::frameTimes(run.frameMillis);
    const auto gap = postino::viz::frameTimes(run.gapMillis);
    if (!ms || !gap) return;
    const std::string text = fmt::format(
        "{}; {} frames: p50 {:.2f} ms, p90 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms (CPU build of the frame: p50 {:.2f} ms); "
        "frame to frame: p50 {:.1f} ms, p90 {:.1f} ms, p99 {:.1f} ms",
        run.app->sceneSize(), ms->count, ms->p50, ms->p90, ms->p99, ms->max, run.app->medianBuildMillis(), gap->p50,
        gap->p90, gap->p99);
    std::printf("postino bench: %s\n", text.c_str());
    jsReport("bench", text.c_str());
}

// The canvas takes the window's size in device pixels, so text stays crisp on high-DPI screens.
void fitCanvas(WebRun& run) {
    const double ratio = std::clamp(jsDevicePixelRatio(), 1.0, 4.0);
    const int width = static_cast<int>(std::lround(jsCssWidth() * ratio));
    const int height = static_cast<int>(std::lround(jsCssHeight() * ratio));
    int current = 0, currentHeight = 0;
    glfwGetWindowSize(run.window, &current, &currentHeight);
    if (current != width || currentHeight != height) jsSetCanvasSize(width, height);
    // The browser's zoom (Ctrl + / Ctrl -) or a move to another screen changes the ratio: text and
    // controls follow it, keeping what View → Bigger text added.
    if (run.ratio > 0 && ratio != run.ratio) run.app->setScale(static_cast<float>(run.app->scale() * ratio / run.ratio));
    run.ratio = ratio;
}

void frame(void* arg) {
    WebRun& run = *static_cast<WebRun*>(arg);
    postino::viz::App& app = *run.app;
    fitCanvas(run);
    glfwPollEvents();
    const double now = emscripten_get_now() / 1000.0;
    const double dt = run.frames == 0 ? 0.0 : std::clamp(now - run.lastSeconds, 0.0, 0.25);
    run.lastSeconds = now;

    postino::viz::beginBackendFrame();
    // Under a browser's virtual time two frames can share one timestamp: ImGui needs time to pass.
    ImGuiIO& io = ImGui::GetIO();
    if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 1000.0f;
    if (std::string dropped = postino::viz::takeDroppedFile(); !dropped.empty()) app.open(dropped);
    if (run.driving) {
        if (run.driver.finished()) ++run.afterDrive;
        run.driver.beforeFrame(io, [&](const std::vector<std::string>& words) { return app.checkExpectation(words); });
    }
    const double frameStart = emscripten_get_now();
    app.beforeFrame();
    ImGui::NewFrame();
    app.frame(run.benchFrames > 0 ? 0.0 : dt);  // the benchmark stays at the busiest moment
    int width = 0, height = 0;
    postino::viz::drawFrame(run.window, width, height);
    ++run.frames;
    if (run.benchFrames > 0 && static_cast<int>(run.frameMillis.size()) < run.benchFrames + 2) {
        glFinish();
        run.frameMillis.push_back(emscripten_get_now() - frameStart);
        if (run.lastFrameStart > 0) run.gapMillis.push_back(frameStart - run.lastFrameStart);
        run.lastFrameStart = frameStart;
        if (static_cast<int>(run.frameMillis.size()) == run.benchFrames + 2) reportBench(run);
    }

    if (run.frames == 1) {
        glFinish();
        // performance.now() counts from the navigation's start: page, download, start-up and first frame.
        jsReport("firstFrame", fmt::format("{:.0f}", emscripten_get_now()).c_str());
        jsReport("mainStarted", fmt::format("{:.0f}", run.startMs).c_str());
    }
    if (app.presenting() != run.presenting) jsFullScreen(run.presenting = app.presenting());
    if (run.frames == 3) {
        jsReport("ready", app.errorText().empty() ? "ok" : app.errorText().c_str());
        // ?report=run: what `postino run LESSON --transcript` prints, made here (the golden check);
        // &transcript=0 leaves the transcript out, as the goldens of the largest lessons do;
        // &packets=1 adds every packet hop (postino run --packets).
        // ?report=pcap: the pcap file `postino run LESSON --pcap` writes, in hex.
        if (urlParam("report") == "pcap") jsReport("pcap", postino::viz::runPcapHex(run.scenarioPath).c_str());
        if (urlParam("report") == "run")
            jsReport("run", postino::viz::runReport(run.scenarioPath, urlParam("transcript") != "0",
                                                    urlParam("packets") == "1")
                                .c_str());
    }
    if (run.frames == 3 || run.frames % 10 == 0) reportState(run);
    if (run.driving && run.afterDrive >= 2 && !run.reportedDrive) {
        run.reportedDrive = true;
        const std::string result = run.driver.failure().empty() ? "ok" : run.driver.failure();
        std::printf("postino drive: %s\n", result.c_str());
        jsReport("drive", result.c_str());
    }
}

}  // namespace

// The page's file picker and drop zone hand a file written into the page's memory here.
extern "C" EMSCRIPTEN_KEEPALIVE void postino_open_file(const char* path) {
    if (path) postino::viz::openAtNextFrame(path);
}

int main() {
    static WebRun run;
    run.startMs = emscripten_get_now();
    // The data web/shell.html preloads: lessons and fonts under /postino, catalogs in /postino/locale.
    setenv("POSTINO_DATA_DIR", "/postino", 1);
    setenv("POSTINO_LOCALE_DIR", "/postino/locale", 1);

    postino::viz::AppOptions options;
    const std::string fetched = takeJsString(jsModuleText("postinoFetchedLesson"));
    const std::string lesson = fetched.empty() ? urlParam("lesson") : fetched;
    options.scenarioPath = postino::core::resolveLessonPath(
        lesson.empty() ? std::string("/postino/scenarios/") + postino::core::kDefaultLesson : lesson);
    options.language = urlParam("lang");
    if (options.language.empty()) options.language = postino::viz::platform::preferredLanguage();
    if (options.language.empty()) options.language = "en";
    options.dark = urlParam("theme") == "dark";
    options.present = urlParam("present") == "1";
    options.bottomTab = urlParam("tab");
    options.sideTab = urlParam("inspector");
    options.node = urlParam("node");
    options.editNetwork = urlParam("edit") == "1";  // start in the Edit network mode
    options.newLesson = urlParam("new") == "1";     // a new empty lesson in the Edit network mode
    run.lessonName = options.newLesson ? std::string("new") : options.scenarioPath.substr(options.scenarioPath.rfind('/') + 1);
    run.scenarioPath = options.scenarioPath;
    run.benchFrames = std::clamp(std::atoi(urlParam("bench").c_str()), 0, 100000);
    options.scale = static_cast<float>(std::clamp(jsDevicePixelRatio(), 1.0, 4.0));
    if (const std::string scale = urlParam("scale"); !scale.empty())
        options.scale = std::clamp(std::strtof(scale.c_str(), nullptr), 0.75f, 4.0f);
    if (const std::string drive = takeJsString(jsModuleText("postinoDriveScript")); !drive.empty()) {
        // web/shell.html fetched the script to /drive/<name> before starting.
        std::string problem;
        run.driving = run.driver.load(drive, problem);
        if (!run.driving) {
            std::printf("postino drive: %s\n", problem.c_str());
            jsReport("drive", problem.c_str());
        }
    }

    if (!glfwInit()) {
        jsReport("ready", "GLFW could not start");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    const double ratio = std::clamp(jsDevicePixelRatio(), 1.0, 4.0);
    run.window = glfwCreateWindow(static_cast<int>(jsCssWidth() * ratio), static_cast<int>(jsCssHeight() * ratio),
                                  "Postino", nullptr, nullptr);
    if (!run.window) {
        jsReport("ready", "no WebGL 2 context");
        return 1;
    }
    glfwMakeContextCurrent(run.window);
    postino::viz::startImGui(run.window);
    run.app = std::make_unique<postino::viz::App>(options);
    postino::viz::listenForDroppedFiles(run.window);
    // The lesson the address names could not be downloaded: say so, with the address and why.
    if (const std::string why = takeJsString(jsModuleText("postinoFetchError")); !why.empty())
        run.app->showDownloadProblem(urlParam("lesson"), why);
    if (const std::string at = urlParam("at"); !at.empty()) run.app->seekSeconds(std::strtod(at.c_str(), nullptr));
    if (run.benchFrames > 0) run.app->seekBusiest();
    emscripten_set_main_loop_arg(frame, &run, 0, false);
    return 0;
}
