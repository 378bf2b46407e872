package org.loyaltyhub.sandbox;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/** One read-write lock around a sandbox store: readers share it, a write has the store to itself. */
public final class SandboxLock {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    public <T> T reading(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    public <T> T writing(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
