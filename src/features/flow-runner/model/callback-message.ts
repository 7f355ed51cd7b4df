/** The message type the callback page posts to the playground that framed it. */
export const CALLBACK_MESSAGE = 'oauth-playground:callback';
