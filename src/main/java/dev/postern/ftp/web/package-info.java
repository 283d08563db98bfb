/**
 * The file manager's pages (a folder's listing and the actions on its entries, as plain forms that scripts enhance),
 * its downloads (with HTTP ranges, so that a broken download resumes) and the upload API that the page's script
 * streams files through.
 */
package dev.postern.ftp.web;
