/**
 * The native calls the core needs, through jnr-ffi, loaded on first use only (about 0.3 s): the
 * nsfs ioctls ({@code NS_GET_USERNS}, {@code NS_GET_PARENT}, {@code NS_GET_OWNER_UID},
 * {@code NS_GET_NSTYPE}), netlink {@code RTM_GETNSID}, and opening namespace files safely
 * ({@code openat2} inside a root, {@code fstatfs} for nsfs). Only this package may use jnr (a
 * test enforces it).
 */
package dev.jns.core.sys;
