/* Writes the CMYK test JPEGs beside it (tests/images/), committed because no tool on Debian 12's
 * default install writes CMYK JPEG:
 *   cc -O2 make_cmyk_jpegs.c -o /tmp/make_cmyk_jpegs -ljpeg && /tmp/make_cmyk_jpegs tests/images
 * Each is 48×16 pixels in three stripes: cyan (C=100 %), yellow (Y=100 %) and paper white (no ink).
 *   cmyk.jpg        CMYK samples as they are, no Adobe APP14 marker
 *   cmyk-adobe.jpg  Adobe's inverted CMYK (255 = no ink) with an APP14 marker, as Photoshop writes it
 *   ycck-adobe.jpg  the same inverted samples stored as YCCK (APP14 transform 2)
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

static void write_jpeg(const char* dir, const char* name, int invert, int adobe, J_COLOR_SPACE stored) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE* out = fopen(path, "wb");
  if (!out) {
    perror(path);
    exit(1);
  }
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  jpeg_stdio_dest(&c, out);
  c.image_width = 48;
  c.image_height = 16;
  c.input_components = 4;
  c.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&c);
  jpeg_set_colorspace(&c, stored);
  c.write_Adobe_marker = adobe ? TRUE : FALSE;
  c.write_JFIF_header = FALSE;
  jpeg_set_quality(&c, 95, TRUE);
  jpeg_start_compress(&c, TRUE);
  static const unsigned char ink[3][4] = {{255, 0, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 0}};
  unsigned char row[48 * 4];
  for (int x = 0; x < 48; ++x)
    for (int k = 0; k < 4; ++k) row[x * 4 + k] = invert ? 255 - ink[x / 16][k] : ink[x / 16][k];
  while (c.next_scanline < c.image_height) {
    JSAMPROW rows[1] = {row};
    jpeg_write_scanlines(&c, rows, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  fclose(out);
}

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : ".";
  write_jpeg(dir, "cmyk.jpg", 0, 0, JCS_CMYK);
  write_jpeg(dir, "cmyk-adobe.jpg", 1, 1, JCS_CMYK);
  write_jpeg(dir, "ycck-adobe.jpg", 1, 1, JCS_YCCK);
  return 0;
}
