// Time labels on contact-sheet cells with a built-in 5x7 bitmap font, so no
// font library or font file is needed. Only what a timecode uses is drawn.
#include "cmedia_frames.h"
#include <string.h>

enum { GLYPH_WIDTH = 5, GLYPH_HEIGHT = 7, GLYPH_ADVANCE = 6 };

// Each glyph is 7 rows; bit 4 of a row is its leftmost pixel.
static const uint8_t digit_glyphs[10][GLYPH_HEIGHT] = {
    {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}, // 0
    {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}, // 1
    {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}, // 2
    {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}, // 3
    {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}, // 4
    {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}, // 5
    {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}, // 6
    {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}, // 7
    {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}, // 8
    {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}, // 9
};
static const uint8_t colon_glyph[GLYPH_HEIGHT] = {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00};
static const uint8_t dot_glyph[GLYPH_HEIGHT] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C};
static const uint8_t minus_glyph[GLYPH_HEIGHT] = {0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00};

// NULL for characters the font does not have (drawn as a blank cell).
static const uint8_t *glyph_for(char c) {
    if (c >= '0' && c <= '9') return digit_glyphs[c - '0'];
    if (c == ':') return colon_glyph;
    if (c == '.') return dot_glyph;
    if (c == '-') return minus_glyph;
    return NULL;
}

// The black box reaches this far around the text, in font pixels.
static int padding(int scale) { return 2 * scale; }

void cm_label_size(const char *text, int scale, int *width, int *height) {
    if (scale < 1) scale = 1;
    size_t length = text ? strlen(text) : 0;
    int text_width = length ? (int)length * GLYPH_ADVANCE * scale - scale : 0;
    if (width) *width = text_width + 2 * padding(scale);
    if (height) *height = GLYPH_HEIGHT * scale + 2 * padding(scale);
}

void cm_picture_draw_label(cm_picture *picture, const char *text, int x, int y, int scale) {
    if (!picture || !text) return;
    if (scale < 1) scale = 1;
    int box_width = 0, box_height = 0;
    cm_label_size(text, scale, &box_width, &box_height);
    cm_picture_fill_rect(picture, x, y, box_width, box_height, 0, 0, 0);
    int origin_x = x + padding(scale), origin_y = y + padding(scale);
    for (size_t i = 0; text[i]; i++) {
        const uint8_t *glyph = glyph_for(text[i]);
        if (!glyph) continue;
        int glyph_x = origin_x + (int)i * GLYPH_ADVANCE * scale;
        for (int row = 0; row < GLYPH_HEIGHT; row++)
            for (int column = 0; column < GLYPH_WIDTH; column++)
                if (glyph[row] & (0x10 >> column))
                    cm_picture_fill_rect(picture, glyph_x + column * scale, origin_y + row * scale,
                                         scale, scale, 255, 255, 255);
    }
}
