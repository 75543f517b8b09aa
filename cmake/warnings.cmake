# Warnings and sanitizers as INTERFACE targets that every target links.
add_library(tfc_warnings INTERFACE)
target_compile_options(tfc_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
  -Wno-unused-parameter -Wformat=2 -Wvla)
target_compile_definitions(tfc_warnings INTERFACE _GNU_SOURCE)

add_library(tfc_sanitize INTERFACE)
if(TFC_SANITIZE)
  target_compile_options(tfc_sanitize INTERFACE -fsanitize=${TFC_SANITIZE} -fno-omit-frame-pointer)
  target_link_options(tfc_sanitize INTERFACE -fsanitize=${TFC_SANITIZE})
endif()
