export * from './kamailio.js';
export * from './node-websocket.js';
export * from './sipp.js';
export * from './static-sdh.js';
export * from './tcp-proxy.js';
export * from './raw-sip-server.js';
export * from './rtpengine.js';
export * from './register-contact.js';
