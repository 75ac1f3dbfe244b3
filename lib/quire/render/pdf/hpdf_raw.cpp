#include "quire/render/pdf/hpdf_raw.hpp"

#include "quire/render/pdf/figures.hpp"
#include "quire/render/pdf/finish.hpp"

namespace quire::render::detail {

HPDF_STATUS append_content(HPDF_Page page, std::string_view ops) {
  if (!HPDF_Page_Validate(page)) return HPDF_INVALID_PAGE;
  auto* attr = static_cast<HPDF_PageAttr>(page->attr);
  return HPDF_Stream_Write(attr->stream, reinterpret_cast<const HPDF_BYTE*>(ops.data()),
                           static_cast<HPDF_UINT>(ops.size()));
}

HPDF_Dict font_placeholder(HPDF_Doc doc, int index) {
  if (!HPDF_HasDoc(doc)) return nullptr;
  HPDF_Dict dict = HPDF_Dict_New(doc->mmgr);
  if (!dict) return nullptr;
  if (HPDF_Xref_Add(doc->xref, dict) != HPDF_OK) return nullptr;  // the xref has freed it
  if (HPDF_Dict_AddName(dict, "Type", "Font") != HPDF_OK) return nullptr;
  if (HPDF_Dict_AddNumber(dict, kPlaceholderKey + 1, index) != HPDF_OK) return nullptr;
  return dict;
}

HPDF_Image image_placeholder(HPDF_Doc doc, int index) {
  if (!HPDF_HasDoc(doc)) return nullptr;
  HPDF_Dict dict = HPDF_Dict_New(doc->mmgr);
  if (!dict) return nullptr;
  if (HPDF_Xref_Add(doc->xref, dict) != HPDF_OK) return nullptr;  // the xref has freed it
  // What libharu's own images are: HPDF_Page_ExecuteXObject checks the class.
  dict->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
  if (HPDF_Dict_AddName(dict, "Type", "XObject") != HPDF_OK) return nullptr;
  if (HPDF_Dict_AddName(dict, "Subtype", "Image") != HPDF_OK) return nullptr;
  if (HPDF_Dict_AddNumber(dict, kImageKey + 1, index) != HPDF_OK) return nullptr;
  return dict;
}

HPDF_STATUS add_font_resource(HPDF_Page page, const char* name, HPDF_Dict font) {
  if (!HPDF_Page_Validate(page)) return HPDF_INVALID_PAGE;
  auto* attr = static_cast<HPDF_PageAttr>(page->attr);
  if (!attr->fonts) {
    auto resources = static_cast<HPDF_Dict>(HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT));
    if (!resources) return HPDF_PAGE_CANNOT_FIND_OBJECT;
    HPDF_Dict fonts = HPDF_Dict_New(page->mmgr);
    if (!fonts) return HPDF_FAILD_TO_ALLOC_MEM;
    if (HPDF_STATUS status = HPDF_Dict_Add(resources, "Font", fonts); status != HPDF_OK) return status;
    attr->fonts = fonts;  // where libharu itself keeps the page's font resources
  }
  return HPDF_Dict_Add(attr->fonts, name, font);
}

HPDF_Dict figure_placeholder(HPDF_Doc doc, int index) {
  if (!HPDF_HasDoc(doc)) return nullptr;
  HPDF_Dict dict = HPDF_Dict_New(doc->mmgr);
  if (!dict) return nullptr;
  if (HPDF_Xref_Add(doc->xref, dict) != HPDF_OK) return nullptr;  // the xref has freed it
  if (HPDF_Dict_AddName(dict, "Type", "XObject") != HPDF_OK) return nullptr;
  if (HPDF_Dict_AddNumber(dict, kFigureKey + 1, index) != HPDF_OK) return nullptr;
  return dict;
}

HPDF_STATUS add_xobject_resource(HPDF_Page page, const char* name, HPDF_Dict xobject) {
  if (!HPDF_Page_Validate(page)) return HPDF_INVALID_PAGE;
  auto* attr = static_cast<HPDF_PageAttr>(page->attr);
  if (!attr->xobjects) {
    auto resources = static_cast<HPDF_Dict>(HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT));
    if (!resources) return HPDF_PAGE_CANNOT_FIND_OBJECT;
    HPDF_Dict xobjects = HPDF_Dict_New(page->mmgr);
    if (!xobjects) return HPDF_FAILD_TO_ALLOC_MEM;
    if (HPDF_STATUS status = HPDF_Dict_Add(resources, "XObject", xobjects); status != HPDF_OK) return status;
    attr->xobjects = xobjects;  // libharu's images on this page go here too
  }
  return HPDF_Dict_Add(attr->xobjects, name, xobject);
}

}  // namespace quire::render::detail
