// Saves what was just drawn (the OpenGL back buffer) as a PNG with stb_image_write.
// For handouts and the headless tests; needs a current GL context.
#pragma once

#include <string>

namespace postino::viz {

// False with `problem` set when the file cannot be written.
bool saveScreenshot(const std::string& path, int width, int height, std::string& problem);

}  // namespace postino::viz
