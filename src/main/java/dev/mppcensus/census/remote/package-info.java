/**
 * Remote partitioning over RabbitMQ (Spring Batch Integration), switched on by the Spring profile
 * {@code distributed}: the manager's partition handler ({@code PartitionManager}), the worker that
 * takes partition requests and runs the local run's partition step ({@code PartitionWorker}), and the
 * request's message format ({@code PartitionMessage}).
 */
package dev.mppcensus.census.remote;
