#include "screenshot.h"

#include "gl.h"
#include <stb_image_write.h>

#include <vector>

namespace postino::viz {

bool saveScreenshot(const std::string& path, int width, int height, std::string& problem) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's first row is the bottom one.
    stbi_flip_vertically_on_write(1);
    if (!stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4)) {
        problem = "cannot write " + path;
        return false;
    }
    return true;
}

}  // namespace postino::viz
