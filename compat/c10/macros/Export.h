// <c10/macros/Export.h> (written by scripts/compat_headers.py): only libtorch's own headers include it.
#error "xgrad: a libtorch header xgrad does not provide was included (it reached <c10/macros/Export.h>); the include stack above names it"
#include "(xgrad stops the compilation here)"
