/** Share links: make one from the current run, restore one on the flow page. */
export { ShareButton } from './components/ShareButton.tsx';
export { ShareLinkRestore } from './components/ShareLinkRestore.tsx';
