/**
 * Operating the hub: the ops API (dead letters and replay, systems with suspend/resume, activity), the
 * ops page, health per vendor system, the metrics that need more than a counter (vendor call latency,
 * dead letters waiting, Kafka consumer lag, routes in flight), the operator login (with its throttle and the
 * header that keeps cross-site requests out), and error answers in problem+json.
 */
package org.loyaltyhub.ops;
