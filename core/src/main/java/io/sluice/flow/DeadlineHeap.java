package io.sluice.flow;

import java.util.Arrays;

/**
 * A min-heap of (deadline, flow, generation) in parallel arrays: when each flow next needs its
 * timers looked at. Entries are lazy: a flow whose deadline moved later keeps its old entry, which
 * is re-pushed with the new deadline when it surfaces; an entry whose flow was freed or reused
 * (generation changed) is dropped. So a packet costs no heap work unless a deadline came earlier.
 */
final class DeadlineHeap {
    private long[] deadlines = new long[1024];
    private Flow[] flows = new Flow[1024];
    private int[] generations = new int[1024];
    private int size;

    int size() {
        return size;
    }

    long peekDeadline() {
        return size == 0 ? Long.MAX_VALUE : deadlines[0];
    }

    Flow peekFlow() {
        return flows[0];
    }

    int peekGeneration() {
        return generations[0];
    }

    void push(long deadline, Flow flow) {
        if (size == deadlines.length) {
            int n = size * 2;
            deadlines = Arrays.copyOf(deadlines, n);
            flows = Arrays.copyOf(flows, n);
            generations = Arrays.copyOf(generations, n);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (deadlines[parent] <= deadline) break;
            move(parent, i);
            i = parent;
        }
        deadlines[i] = deadline;
        flows[i] = flow;
        generations[i] = flow.generation;
    }

    void pop() {
        int last = --size;
        long d = deadlines[last];
        Flow f = flows[last];
        int g = generations[last];
        flows[last] = null;
        if (last == 0) return;
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) break;
            if (child + 1 < last && deadlines[child + 1] < deadlines[child]) child++;
            if (deadlines[child] >= d) break;
            move(child, i);
            i = child;
        }
        deadlines[i] = d;
        flows[i] = f;
        generations[i] = g;
    }

    /** Drops entries of freed flows when the heap has grown much beyond the live flows. */
    void compact(int liveFlows) {
        if (size < 4 * Math.max(liveFlows, 256)) return;
        int n = 0;
        for (int i = 0; i < size; i++) {
            Flow f = flows[i];
            if (f.live && f.generation == generations[i] && f.scheduledDeadline == deadlines[i]) {
                deadlines[n] = deadlines[i];
                flows[n] = f;
                generations[n] = generations[i];
                n++;
            }
        }
        for (int i = n; i < size; i++) flows[i] = null;
        size = n;
        for (int i = (size >>> 1) - 1; i >= 0; i--) siftDown(i);
    }

    private void siftDown(int i) {
        long d = deadlines[i];
        Flow f = flows[i];
        int g = generations[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && deadlines[child + 1] < deadlines[child]) child++;
            if (deadlines[child] >= d) break;
            move(child, i);
            i = child;
        }
        deadlines[i] = d;
        flows[i] = f;
        generations[i] = g;
    }

    private void move(int from, int to) {
        deadlines[to] = deadlines[from];
        flows[to] = flows[from];
        generations[to] = generations[from];
    }
}
