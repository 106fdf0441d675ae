// What every panel gets each frame: the lesson, the playhead's state, the shared
// selection and the scale. Panels read it and change only the selection, the player and (the
// map, dragging a node) the layout.
#pragma once

#include "lesson.h"
#include "map_layout.h"
#include "model/player.h"
#include "model/scene_state.h"
#include "model/trace_index.h"

#include <cstdint>
#include <optional>

namespace postino::viz {

// One selection shared by the map, the event list, the transcript and the inspectors.
struct Selection {
    int event = -1;                   // index into Trace::events
    std::uint32_t connection = 0;     // trace connection id, 0 = none
    std::optional<std::size_t> node;  // index into Trace::nodes
    std::optional<std::uint64_t> packet;  // index into Trace::packets
    bool followPlayhead = true;       // lists scroll to the current event / line
    // The mail the Message inspector showed, written as it draws (File > Export > This message):
    // an index into Trace::carriedMail (-1: none), the delivered copy it showed (an index into
    // Trace::deliveredCopies; -1: the text as carried) and ImGui's frame count when it did.
    struct ShownMessage {
        int carried = -1, copy = -1, frame = -1;
    } message;
};

struct ViewContext {
    Lesson& lesson;
    const TraceIndex& index;
    Player& player;
    const SceneState& state;
    Selection& selection;
    std::vector<MapPoint>& layout;  // the map may move a node (drag)
    float scale = 1.0f;
    bool showTcpControl = true;  // View menu: TCP control segments (SYN, ACK, FIN) on the map
};

}  // namespace postino::viz
