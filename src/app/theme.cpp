#include "theme.h"

#include <string>

#include "ui.h"

#include <cstring>
#include <filesystem>

namespace app {

Fonts fonts;

ImU32 health_colour(Health h) {
  switch (h) {
    case Health::Good: return colour::good;
    case Health::Warn: return colour::warn;
    case Health::Bad: return colour::bad;
    default: return colour::dim;
  }
}

ImVec4 to_vec4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

Health health_of(double value, double limit) {
  if (!(limit > 0) || value != value) return Health::None;
  if (value > limit) return Health::Bad;
  if (value > 0.7 * limit) return Health::Warn;
  return Health::Good;
}

namespace {

// Debian paths first; a font missing at run time falls back to ImGui's own.
const char* find_first(std::initializer_list<const char*> paths) {
  for (const char* p : paths)
    if (std::filesystem::exists(p)) return p;
  return nullptr;
}

ImFont* add_font(const char* text_font, const char* icon_font, float size) {
  ImGuiIO& io = ImGui::GetIO();
  ImFont* f = nullptr;
  // Latin plus punctuation and arrows: the UI writes "→", "…" and "—".
  static const ImWchar text_ranges[] = {0x0020, 0x00FF, 0x2010, 0x205E, 0x2190, 0x21FF, 0};
  if (text_font) f = io.Fonts->AddFontFromFileTTF(text_font, size, nullptr, text_ranges);
  if (!f) {
    ImFontConfig cfg;
    cfg.SizePixels = size;
    f = io.Fonts->AddFontDefault(&cfg);
  }
  if (icon_font) {
    static const ImWchar ranges[] = {0xf000, 0xf372, 0};
    ImFontConfig cfg;
    cfg.MergeMode = true;
    cfg.GlyphMinAdvanceX = size;  // icons line up in columns
    cfg.GlyphOffset.y = size * 0.05f;
    io.Fonts->AddFontFromFileTTF(icon_font, size * 0.9f, &cfg, ranges);
  }
  return f;
}

}  // namespace

void load_fonts(float scale) {
  const char* text = find_first({"/usr/share/fonts/opentype/inter/Inter-Regular.otf",
                                 "/usr/share/fonts/truetype/inter/Inter-Regular.ttf"});
  const char* semibold = find_first({"/usr/share/fonts/opentype/inter/Inter-SemiBold.otf",
                                     "/usr/share/fonts/opentype/inter/Inter-Bold.otf"});
  if (!semibold) semibold = text;
  if (!text) shell.font_note = "The Inter font was not found (Debian package fonts-inter); using Dear ImGui's built-in font.";
  const char* icons = find_first({"/usr/share/fonts/truetype/fork-awesome/forkawesome-webfont.ttf"});
  if (!icons) shell.font_note += std::string(shell.font_note.empty() ? "" : " ") +
                                 "Icons need fonts-fork-awesome; without it they show as boxes.";
  fonts.body = add_font(text, icons, 17.0f * scale);
  fonts.small = add_font(text, icons, 14.0f * scale);
  fonts.heading = add_font(semibold, icons, 21.0f * scale);
  fonts.big = add_font(semibold, icons, 30.0f * scale);
}

float line_width(float logical) { return logical * shell.content_scale * (shell.presenter ? 1.8f : 1.0f); }

void apply_style(bool presenter, float scale) {
  // Presenter mode: what a projector at the back of a classroom still shows.
  colour::bg = presenter ? colour::rgb(6, 8, 12) : colour::rgb(16, 20, 30);
  colour::panel = presenter ? colour::rgb(14, 17, 24) : colour::rgb(24, 29, 42);
  colour::card = presenter ? colour::rgb(26, 30, 40) : colour::rgb(32, 38, 54);
  colour::text = presenter ? colour::rgb(255, 255, 255) : colour::rgb(226, 231, 242);
  colour::dim = presenter ? colour::rgb(200, 208, 224) : colour::rgb(140, 150, 172);
  colour::border = presenter ? colour::rgb(120, 132, 160) : colour::rgb(52, 61, 84);
  colour::grid = presenter ? colour::rgb(70, 80, 104) : colour::rgb(44, 52, 72);
  ImGui::GetStyle() = ImGuiStyle();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowPadding = ImVec2(14, 12);
  s.FramePadding = ImVec2(10, 6);
  s.ItemSpacing = ImVec2(10, 8);
  s.ItemInnerSpacing = ImVec2(8, 6);
  s.CellPadding = ImVec2(8, 5);
  s.ScrollbarSize = 12;
  s.WindowRounding = 8;
  s.ChildRounding = 8;
  s.FrameRounding = 6;
  s.GrabRounding = 6;
  s.PopupRounding = 6;
  s.ScrollbarRounding = 6;
  s.TabRounding = 6;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 1;
  s.FrameBorderSize = 0;

  ImVec4* c = s.Colors;
  c[ImGuiCol_Text] = to_vec4(colour::text);
  c[ImGuiCol_TextDisabled] = to_vec4(colour::dim);
  c[ImGuiCol_WindowBg] = to_vec4(colour::bg);
  c[ImGuiCol_ChildBg] = to_vec4(colour::panel);
  c[ImGuiCol_PopupBg] = to_vec4(colour::card);
  c[ImGuiCol_Border] = to_vec4(colour::border);
  c[ImGuiCol_FrameBg] = to_vec4(colour::card);
  c[ImGuiCol_FrameBgHovered] = to_vec4(colour::card_hover);
  c[ImGuiCol_FrameBgActive] = to_vec4(colour::card_hover);
  c[ImGuiCol_Button] = to_vec4(colour::card);
  c[ImGuiCol_ButtonHovered] = to_vec4(colour::card_hover);
  c[ImGuiCol_ButtonActive] = to_vec4(colour::accent);
  c[ImGuiCol_Header] = to_vec4(colour::card);
  c[ImGuiCol_HeaderHovered] = to_vec4(colour::card_hover);
  c[ImGuiCol_HeaderActive] = to_vec4(colour::card_hover);
  c[ImGuiCol_SliderGrab] = to_vec4(colour::accent);
  c[ImGuiCol_SliderGrabActive] = to_vec4(colour::accent2);
  c[ImGuiCol_CheckMark] = to_vec4(colour::accent);
  c[ImGuiCol_Separator] = to_vec4(colour::border);
  c[ImGuiCol_ScrollbarBg] = to_vec4(colour::panel);
  c[ImGuiCol_ScrollbarGrab] = to_vec4(colour::border);
  c[ImGuiCol_TableHeaderBg] = to_vec4(colour::card);
  c[ImGuiCol_TableBorderLight] = to_vec4(colour::grid);
  c[ImGuiCol_TableBorderStrong] = to_vec4(colour::border);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.03f);
  if (presenter) s.ChildBorderSize = 2;
  s.ScaleAllSizes(scale);
}

const char* type_icon(const char* type) {
  if (!std::strcmp(type, "lb")) return icon::random;
  if (!std::strcmp(type, "server")) return icon::server;
  if (!std::strcmp(type, "postgres")) return icon::database;
  if (!std::strcmp(type, "replica")) return icon::clone;
  if (!std::strcmp(type, "redis")) return icon::bolt;
  if (!std::strcmp(type, "queue")) return icon::inbox;
  if (!std::strcmp(type, "worker")) return icon::cogs;
  if (!std::strcmp(type, "stream")) return icon::stream;
  if (!std::strcmp(type, "analytics")) return icon::analytics;
  if (!std::strcmp(type, "traffic")) return icon::users;
  return icon::cube;
}

}  // namespace app
