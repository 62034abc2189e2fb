// Backpressure, the desktop game: the thin platform shell.
// Window, GL context, Dear ImGui setup and the frame loop live here; every
// screen and panel is elsewhere. Modelled on Dear ImGui's
// example_glfw_opengl3/main.cpp.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <glad/gl.h>
// glad must come first: GLFW would otherwise pull in the system GL header.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include "game.h"
#include "theme.h"
#include "ui.h"

namespace {

struct Options {
  std::string screenshot;
  int frames = 60;
  std::string scenario;
  std::string commands;
  std::string screen;  // picker|briefing|play|debrief
  double speed = -1;
};

void usage() {
  std::puts(
      "usage: backpressure [--scenario FILE] [--commands SCRIPT.json] [--screen picker|briefing|play|debrief]\n"
      "                    [--speed N] [--screenshot OUT.png --frames N]\n"
      "  --screenshot renders N frames (simulating 1/60 s of real time each) and writes the last as PNG.");
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "-h" || a == "--help") { usage(); std::exit(0); }
    else if (a == "--screenshot" && (v = next())) o.screenshot = v;
    else if (a == "--frames" && (v = next())) o.frames = std::atoi(v);
    else if (a == "--scenario" && (v = next())) o.scenario = v;
    else if (a == "--commands" && (v = next())) o.commands = v;
    else if (a == "--screen" && (v = next())) o.screen = v;
    else if (a == "--speed" && (v = next())) o.speed = std::atof(v);
    else { std::fprintf(stderr, "backpressure: unknown or incomplete option %s\n", a.c_str()); usage(); return false; }
  }
  return true;
}

// Scenarios live next to the source tree in a build, or in the working directory.
std::string find_scenario_dir() {
  for (const char* d : {"scenarios", BACKPRESSURE_SOURCE_DIR "/scenarios"})
    if (std::filesystem::is_directory(d)) return d;
  return "scenarios";
}

bool write_png(const std::string& path, int w, int h) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // GL rows run bottom-up; PNG rows top-down.
  stbi_flip_vertically_on_write(1);
  return stbi_write_png(path.c_str(), w, h, 3, pixels.data(), w * 3) != 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse(argc, argv, opt)) return 2;
  const bool shooting = !opt.screenshot.empty();

  glfwSetErrorCallback([](int code, const char* what) { std::fprintf(stderr, "GLFW error %d: %s\n", code, what); });
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
  GLFWwindow* window = glfwCreateWindow(1600, 900, "Backpressure", nullptr, nullptr);
  if (!window) { glfwTerminate(); return 1; }
  glfwMakeContextCurrent(window);
  // Screenshots render as fast as possible; play is paced by the display.
  glfwSwapInterval(shooting ? 0 : 1);
  if (!gladLoadGL(glfwGetProcAddress)) {
    std::fprintf(stderr, "backpressure: could not load OpenGL 3.3 functions\n");
    return 1;
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is code-driven; no imgui.ini litter
  float xscale = 1, yscale = 1;
  glfwGetWindowContentScale(window, &xscale, &yscale);
  app::load_fonts(xscale);
  app::apply_style();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  app::Game game(find_scenario_dir());
  if (opt.speed >= 0) game.set_speed(opt.speed);
  const std::string scenario = !opt.scenario.empty() ? opt.scenario : find_scenario_dir() + "/silent_backlog.json";
  if (!opt.scenario.empty() || (opt.screen != "" && opt.screen != "picker")) {
    if (std::string err = game.load(scenario); !err.empty()) {
      std::fprintf(stderr, "backpressure: %s\n", err.c_str());
      return 1;
    }
    if (!opt.commands.empty())
      if (std::string err = game.load_script(opt.commands); !err.empty()) {
        std::fprintf(stderr, "backpressure: %s\n", err.c_str());
        return 1;
      }
    game.go(opt.screen == "briefing" ? app::Screen::Briefing
            : opt.screen == "picker" ? app::Screen::Picker
                                      : app::Screen::Play);
  }

  int rc = 0;
  double last = glfwGetTime();
  for (int frame = 0; !glfwWindowShouldClose(window); ++frame) {
    glfwPollEvents();
    // Screenshots use a fixed 1/60 s per frame, so they show the same
    // simulated moment on any machine; play uses the real clock.
    const double t = glfwGetTime();
    const double dt = shooting ? 1.0 / 60.0 : std::min(t - last, 0.25);
    last = t;
    if (game.screen == app::Screen::Play) game.tick(dt, shooting ? 0.0 : 0.012);
    if (shooting && opt.screen == "debrief" && frame == opt.frames - 2 && game.has_run()) game.finish_run();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    switch (game.screen) {
      case app::Screen::Picker: app::draw_picker(game); break;
      case app::Screen::Briefing: app::draw_briefing(game); break;
      case app::Screen::Play: app::draw_play(game); break;
      case app::Screen::Debrief: app::draw_debrief(game); break;
    }
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    const ImVec4 bg = app::to_vec4(app::colour::bg);
    glClearColor(bg.x, bg.y, bg.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (shooting && frame + 1 >= opt.frames) {
      if (!write_png(opt.screenshot, w, h)) {
        std::fprintf(stderr, "backpressure: could not write %s\n", opt.screenshot.c_str());
        rc = 1;
      }
      break;
    }
    glfwSwapBuffers(window);
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return rc;
}
