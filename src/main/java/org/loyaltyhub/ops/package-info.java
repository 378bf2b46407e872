/** Operating the hub: the ops API (dead letters, replay), the operator login, and error answers in problem+json. */
package org.loyaltyhub.ops;
