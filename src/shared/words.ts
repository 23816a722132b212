/**
 * Labels that must read the same in the window and the tray (one name per action). Pure and
 * dependency-free: the window bundles it too.
 */

/** Opening a meeting's join link: the same words on the card, in the list and in the tray. */
export const openInSkype = 'Open in Skype for Business';
