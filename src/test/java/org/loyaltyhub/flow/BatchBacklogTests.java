package org.loyaltyhub.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchBacklogTests {

    @Test
    void aSystemIsBehindWhileMoreBatchesWaitThanItsConsumersMayRunAheadOf() {
        BatchBacklog backlog = new BatchBacklog(2);
        backlog.handedOver("ecom", 100);
        backlog.handedOver("ecom", 100);
        assertThat(backlog.isBehind("ecom")).isFalse();
        backlog.handedOver("ecom", 40);
        assertThat(backlog.isBehind("ecom")).isTrue();
        assertThat(backlog.events("ecom")).isEqualTo(240);
        assertThat(backlog.isBehind("codes")).as("a system that never batched").isFalse();

        backlog.done("ecom", 100);
        assertThat(backlog.isBehind("ecom")).isFalse();
        assertThat(backlog.events("ecom")).isEqualTo(140);
        backlog.done("ecom", 100);
        backlog.done("ecom", 40);
        assertThat(backlog.events("ecom")).isZero();
        assertThat(backlog.systems()).containsExactly("ecom");
    }
}
