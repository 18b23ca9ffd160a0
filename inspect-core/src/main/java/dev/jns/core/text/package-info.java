/**
 * Text from the host as jns shows it: {@link dev.jns.core.text.Utf8} decodes kernel bytes without
 * loss, {@link dev.jns.core.text.FileNames} reads and makes file names as those bytes whatever the
 * locale, and {@link dev.jns.core.text.SafeText} escapes control characters and invalid UTF-8 for
 * every text and screen output, as util-linux's libsmartcols does.
 */
package dev.jns.core.text;
