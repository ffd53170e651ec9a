// Lab tests measure real timings (carrier loss, failover) on a 2-core machine: run one test collection at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
