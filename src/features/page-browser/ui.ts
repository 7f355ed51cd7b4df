/** The worker-less in-page browser, for the pages that show the server's login and consent pages. */
export { PageBrowser, type PageBrowserProps } from './components/page-browser.tsx';
