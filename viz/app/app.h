// The visualizer's state and frame: the lesson on screen, its player and scene, the shared
// selection, the language and theme; lays the panels out in tiles that fit 1280x720 and up.
#pragma once

#include "fonts.h"
#include "lesson.h"
#include "map_layout.h"
#include "theme.h"
#include "view_context.h"

#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace postino::viz {

struct AppOptions {
    std::string scenarioPath;
    std::string language = "en";
    bool dark = false;
    float scale = 1.0f;  // the monitor's content scale
    std::string bottomTab;         // "events", "transcript" or "sequence" to show first
    std::string sideTab;           // "mailboxes", "message", "packet", "dns" or "queue" to show first
    std::uint32_t connection = 0;  // a connection to select at start (0: none)
    std::string node;              // the id of a node to select at start ("": none)
};

class App {
public:
    explicit App(AppOptions options);
    ~App();

    // Loads and simulates a scenario; on failure the errors are shown and the old lesson stays.
    void open(const std::string& path);
    void seekSeconds(double seconds);
    void seekBusiest();  // the moment with the most packets in flight (for --bench-frames)

    // Before ImGui::NewFrame(): applies font, theme and language changes asked for last frame.
    void beforeFrame();
    void frame(double wallSeconds);
    bool wantsQuit() const { return m_quit; }
    // The load errors on screen (of the lesson, or of the last failed open), formatted; "" if none.
    std::string errorText() const;
    bool animating() const;
    double medianBuildMillis() const;
    // "200 nodes, 2013 packets in flight" for the frame benchmark.
    std::string sceneSize() const;

private:
    void drawMenu();
    void drawOpenDialog();
    void drawErrors();
    void handleKeys();
    // A tab item whose label is translated, shown first when `id` is the one asked for at start.
    bool beginTab(const char* title, const char* id, const std::string& wanted);
    // Sets the text scale of the next tab bar's labels so they fit the window's width.
    void fitTabLabels(std::initializer_list<const char*> titles);

    AppOptions m_options;
    std::unique_ptr<Lesson> m_lesson;
    std::unique_ptr<TraceIndex> m_index;
    std::unique_ptr<Player> m_player;
    std::unique_ptr<SceneBuilder> m_scene;
    std::vector<MapPoint> m_layout;
    Selection m_selection;
    std::vector<scenario::LoadError> m_openErrors;  // of the last failed open
    std::string m_openPath;
    bool m_showOpen = false;
    bool m_quit = false;
    bool m_reloadFonts = true;
    Theme m_theme = Theme::Light;
    bool m_showTcpControl = true;  // View menu: SYN, ACK, FIN on the map
    std::string m_language = "en";
    std::string m_pendingLanguage;
    std::vector<double> m_buildMillis;
    int m_framesDrawn = 0;
    float m_tabScale = 1.0f;
};

}  // namespace postino::viz
