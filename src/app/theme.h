#pragma once
// Fonts and colours. One health language everywhere: green is fine, amber
// is worth a look, red is hurting users or the budget.
#include <imgui.h>

namespace app {

struct Fonts {
  ImFont* body = nullptr;
  ImFont* small = nullptr;
  ImFont* heading = nullptr;
  ImFont* big = nullptr;  // gauge figures and titles
};
extern Fonts fonts;

enum class Health { Good, Warn, Bad, None };

// Presenter mode raises text, lines and borders to high contrast, so the
// colours a panel reads at draw time are variables, not constants.
namespace colour {
inline constexpr ImU32 rgb(int r, int g, int b, int a = 255) {
  return static_cast<ImU32>(r) | static_cast<ImU32>(g) << 8 | static_cast<ImU32>(b) << 16 | static_cast<ImU32>(a) << 24;
}
inline ImU32 bg = rgb(16, 20, 30);
inline ImU32 panel = rgb(24, 29, 42);
inline ImU32 card = rgb(32, 38, 54);
inline constexpr ImU32 card_hover = rgb(40, 48, 68);
inline ImU32 border = rgb(52, 61, 84);
inline ImU32 grid = rgb(44, 52, 72);
inline ImU32 text = rgb(226, 231, 242);
inline ImU32 dim = rgb(140, 150, 172);
inline constexpr ImU32 accent = rgb(92, 140, 255);
inline constexpr ImU32 accent2 = rgb(178, 120, 255);
inline constexpr ImU32 good = rgb(61, 214, 140);
inline constexpr ImU32 warn = rgb(255, 181, 71);
inline constexpr ImU32 bad = rgb(255, 92, 92);
}  // namespace colour

ImU32 health_colour(Health h);
ImVec4 to_vec4(ImU32 c);
// value against a limit where higher is worse: amber from 70% of the limit.
Health health_of(double value, double limit);

// Loads Inter (falling back to ImGui's font) with Fork Awesome icons merged.
// Without Inter, shell.font_note says so and ImGui's own font is used.
void load_fonts(float scale);
void apply_style(bool presenter, float scale);
// Line widths for charts and the canvas: thicker in presenter mode.
float line_width(float logical);

// Fork Awesome code points used by the game (UTF-8).
namespace icon {
inline constexpr const char* pause = "\xef\x81\x8c";          // f04c
inline constexpr const char* play = "\xef\x81\x8b";           // f04b
inline constexpr const char* forward = "\xef\x81\x8e";        // f04e
inline constexpr const char* fast_forward = "\xef\x81\x90";   // f050
inline constexpr const char* step_forward = "\xef\x81\x91";   // f051
inline constexpr const char* flag = "\xef\x84\x9e";           // f11e flag-checkered
inline constexpr const char* server = "\xef\x88\xb3";         // f233
inline constexpr const char* database = "\xef\x87\x80";       // f1c0
inline constexpr const char* bolt = "\xef\x83\xa7";           // f0e7
inline constexpr const char* random = "\xef\x81\xb4";         // f074
inline constexpr const char* inbox = "\xef\x80\x9c";          // f01c
inline constexpr const char* cogs = "\xef\x82\x85";           // f085
inline constexpr const char* users = "\xef\x83\x80";          // f0c0
inline constexpr const char* clone = "\xef\x89\x8d";          // f24d
inline constexpr const char* bell = "\xef\x83\xb3";           // f0f3
inline constexpr const char* warning = "\xef\x81\xb1";        // f071
inline constexpr const char* clock = "\xef\x80\x97";          // f017
inline constexpr const char* check = "\xef\x80\x8c";          // f00c
inline constexpr const char* times = "\xef\x80\x8d";          // f00d
inline constexpr const char* chart = "\xef\x88\x81";          // f201
inline constexpr const char* list = "\xef\x80\xba";           // f03a
inline constexpr const char* refresh = "\xef\x80\xa1";        // f021
inline constexpr const char* arrow_left = "\xef\x81\xa0";     // f060
inline constexpr const char* arrow_right = "\xef\x81\xa1";    // f061
inline constexpr const char* stream = "\xef\x83\x89";         // f0c9 bars: a log's lines
inline constexpr const char* analytics = "\xef\x88\x80";      // f200 pie-chart
inline constexpr const char* cube = "\xef\x86\xb2";           // f1b2
inline constexpr const char* sliders = "\xef\x87\x9e";        // f1de
inline constexpr const char* info = "\xef\x81\x9a";           // f05a
inline constexpr const char* save = "\xef\x83\x87";           // f0c7 floppy disk
inline constexpr const char* undo = "\xef\x83\xa2";           // f0e2
inline constexpr const char* redo = "\xef\x80\x9e";           // f01e
}  // namespace icon

const char* type_icon(const char* type);

}  // namespace app
