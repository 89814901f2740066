'use strict';
/**
 * Local serverless plugin: keep idle HTTP connections of serverless-offline open as long as
 * clients expect. Node's HTTP server closes an idle keep-alive connection after 5 s
 * (https://nodejs.org/api/http.html#serverkeepalivetimeout) and hapi, under serverless-offline,
 * keeps that default; clients pool connections far longer (the Alibaba Cloud SDK, the AWS SDKs,
 * boto3), so a call made after a pause raced the server's close and failed with
 * `ECONNRESET socket hang up`. Deployed, API Gateway keeps idle connections for minutes; locally
 * every server this process creates (hapi's HTTP listener) now keeps them for
 * SANDBOX_KEEP_ALIVE_SECONDS (default 75, above the 60 s idle timeout load balancers use, so a
 * client's pooled socket is never closed under it before the client gives it up), and
 * headersTimeout is just above it, as Node requires. hapi creates its listener with
 * `http.createServer()` (@hapi/hapi lib/core.js), so wrapping that function reaches it.
 */
const http = require('node:http');

const seconds = Number(process.env.SANDBOX_KEEP_ALIVE_SECONDS || 75);
const keepAliveMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : 75) * 1000;

if (!http.createServer.sandboxKeepAlive) {
  const original = http.createServer;
  const patched = function createServer(...args) {
    const server = original.apply(this, args);
    server.keepAliveTimeout = keepAliveMs;
    server.headersTimeout = keepAliveMs + 1000;
    return server;
  };
  patched.sandboxKeepAlive = true;
  http.createServer = patched;
}

class KeepAlive {}
module.exports = KeepAlive;
