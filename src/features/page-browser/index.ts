/** The worker-less in-page browser's model: navigation, forms and redirects (the component is in ui.ts). */
export {
  type BrowserRequest,
  type BrowserScope,
  browse,
  isCallback,
  isPassThroughHop,
  type Landing,
  MAX_REDIRECTS,
} from './model/navigate.ts';
