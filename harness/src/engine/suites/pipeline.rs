//! The generated suite's senders: `--concurrency` workers that live as long as an operation's
//! cases last and take them batch after batch, so the target never waits on the harness.
//!
//! Batches keep memory bounded and answers in case order, but a barrier between them costs
//! throughput: as a batch drains, fewer and fewer requests are in flight until the last answer
//! arrives, and only then would the next batch start. Here a worker that finds no unsent case
//! left in a batch moves straight on to the next one submitted, while the batch it leaves is
//! still being answered; [`Ticket::answers`] waits for one batch only.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;
use tokio::task::JoinSet;

/// What the workers do with each case (for the generated suite: send it and judge the answer).
pub trait Work: Send + Sync + 'static {
    /// A case.
    type Case: Send + Sync + 'static;
    /// What a case comes to.
    type Answer: Send + 'static;
    /// Handles one case, on the worker that took it.
    fn answer(&self, case: &Self::Case) -> impl Future<Output = Self::Answer> + Send;
}

/// Workers handling submitted cases, and the batches they have yet to finish.
pub struct Pipeline<W: Work> {
    queue: Arc<Queue<W>>,
    workers: JoinSet<()>,
}

/// Batches submitted and not yet fully taken, oldest first.
struct Queue<W: Work> {
    waiting: Mutex<Waiting<W>>,
    /// Woken when a batch is submitted or the pipeline closes.
    submitted: Notify,
}

struct Waiting<W: Work> {
    batches: VecDeque<Arc<InFlight<W>>>,
    closed: bool,
}

/// One submitted batch: its cases, the next one to take, and the answers handed in.
struct InFlight<W: Work> {
    cases: Arc<Vec<W::Case>>,
    next: AtomicUsize,
    answers: Mutex<Vec<Option<W::Answer>>>,
    /// Cases taken by no worker yet or taken and not handed in.
    outstanding: AtomicUsize,
    /// Woken when `outstanding` reaches zero.
    done: Notify,
}

/// The claim on a submitted batch's answers.
pub struct Ticket<W: Work>(Arc<InFlight<W>>);

impl<W: Work> Pipeline<W> {
    /// Starts `concurrency` workers doing `work`.
    pub fn start(work: W, concurrency: usize) -> Self {
        let work = Arc::new(work);
        let queue = Arc::new(Queue {
            waiting: Mutex::new(Waiting {
                batches: VecDeque::new(),
                closed: false,
            }),
            submitted: Notify::new(),
        });
        let mut workers = JoinSet::new();
        for _ in 0..concurrency.max(1) {
            let (work, queue) = (work.clone(), queue.clone());
            workers.spawn(async move {
                while let Some(batch) = queue.next_batch().await {
                    let mut hand = Hand {
                        batch: &batch,
                        answered: Vec::new(),
                        taken: 0,
                    };
                    while let Some((index, case)) = batch.take() {
                        hand.taken += 1;
                        let answer = work.answer(case).await;
                        hand.answered.push((index, answer));
                    }
                }
            });
        }
        Self { queue, workers }
    }

    /// Queues `cases` behind the batches already submitted.
    pub fn submit(&self, cases: Arc<Vec<W::Case>>) -> Ticket<W> {
        let len = cases.len();
        let batch = Arc::new(InFlight {
            cases,
            next: AtomicUsize::new(0),
            answers: Mutex::new((0..len).map(|_| None).collect()),
            outstanding: AtomicUsize::new(len),
            done: Notify::new(),
        });
        self.queue.lock().batches.push_back(batch.clone());
        self.queue.submitted.notify_waiters();
        Ticket(batch)
    }

    /// Lets the workers finish what was submitted and waits for them.
    pub async fn close(mut self) {
        self.queue.lock().closed = true;
        self.queue.submitted.notify_waiters();
        while self.workers.join_next().await.is_some() {}
    }
}

impl<W: Work> Queue<W> {
    fn lock(&self) -> std::sync::MutexGuard<'_, Waiting<W>> {
        self.waiting.lock().expect("pipeline lock")
    }

    /// The oldest batch with a case left to take; `None` once closed and all are taken.
    async fn next_batch(&self) -> Option<Arc<InFlight<W>>> {
        loop {
            // Registered before looking, so a batch submitted in between still wakes us.
            let submitted = self.submitted.notified();
            tokio::pin!(submitted);
            submitted.as_mut().enable();
            {
                let mut waiting = self.lock();
                while let Some(front) = waiting.batches.front() {
                    if front.has_untaken() {
                        return Some(front.clone());
                    }
                    waiting.batches.pop_front();
                }
                if waiting.closed {
                    return None;
                }
            }
            submitted.await;
        }
    }
}

impl<W: Work> InFlight<W> {
    fn has_untaken(&self) -> bool {
        self.next.load(Ordering::Relaxed) < self.cases.len()
    }

    /// The next case no worker has taken.
    fn take(&self) -> Option<(usize, &W::Case)> {
        let index = self.next.fetch_add(1, Ordering::Relaxed);
        self.cases.get(index).map(|case| (index, case))
    }
}

/// A worker's share of one batch: the answers it has and how many cases it took. Handed in on
/// drop, so a worker that panics or is cancelled mid-case still lets the batch complete (that
/// case without an answer, as the suite skips it).
struct Hand<'b, W: Work> {
    batch: &'b InFlight<W>,
    answered: Vec<(usize, W::Answer)>,
    taken: usize,
}

impl<W: Work> Drop for Hand<'_, W> {
    fn drop(&mut self) {
        if self.taken == 0 {
            return;
        }
        if !self.answered.is_empty() {
            let mut answers = self.batch.answers.lock().expect("answers lock");
            for (index, answer) in self.answered.drain(..) {
                answers[index] = Some(answer);
            }
        }
        if self
            .batch
            .outstanding
            .fetch_sub(self.taken, Ordering::AcqRel)
            == self.taken
        {
            self.batch.done.notify_one();
        }
    }
}

impl<W: Work> Ticket<W> {
    /// The batch's answers in case order, once every case is answered (`None` for a case
    /// whose worker failed).
    pub async fn answers(self) -> Vec<Option<W::Answer>> {
        // `notify_one` keeps a permit when nobody waits yet: the wake-up cannot be missed.
        while self.0.outstanding.load(Ordering::Acquire) > 0 {
            self.0.done.notified().await;
        }
        std::mem::take(&mut *self.0.answers.lock().expect("answers lock"))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// Answers a case with its number after a delay that differs per case, so workers
    /// finish out of order; panics on the case numbered `panics_on`.
    struct Echo {
        panics_on: Option<u32>,
    }

    impl Work for Echo {
        type Case = u32;
        type Answer = u32;

        async fn answer(&self, case: &u32) -> u32 {
            tokio::time::sleep(Duration::from_micros(u64::from(case * 7919 % 13) * 100)).await;
            assert_ne!(Some(*case), self.panics_on, "a worker fails on case {case}");
            *case
        }
    }

    fn batches(sizes: &[u32]) -> Vec<Arc<Vec<u32>>> {
        let mut first = 0;
        sizes
            .iter()
            .map(|&size| {
                let batch = (first..first + size).collect();
                first += size;
                Arc::new(batch)
            })
            .collect()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn answers_come_back_in_case_order_for_every_batch() {
        let pipeline = Pipeline::start(Echo { panics_on: None }, 4);
        let batches = batches(&[0, 1, 37, 5, 64]);
        let tickets: Vec<_> = batches.iter().map(|b| pipeline.submit(b.clone())).collect();
        for (batch, ticket) in batches.iter().zip(tickets) {
            let answers: Vec<Option<u32>> = batch.iter().map(|&case| Some(case)).collect();
            assert_eq!(ticket.answers().await, answers);
        }
        pipeline.close().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn workers_move_on_to_the_next_batch_before_the_current_one_is_answered() {
        // One slow case holds its batch open; the other worker must not wait for it.
        struct Slow;
        impl Work for Slow {
            type Case = u32;
            type Answer = u32;
            async fn answer(&self, case: &u32) -> u32 {
                if *case == 0 {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
                *case
            }
        }
        let pipeline = Pipeline::start(Slow, 2);
        let [first, second] = <[_; 2]>::try_from(batches(&[2, 10])).unwrap();
        let _held = pipeline.submit(first);
        let answers =
            tokio::time::timeout(Duration::from_secs(10), pipeline.submit(second).answers())
                .await
                .expect("the second batch is answered while the first still waits");
        assert_eq!(answers, (2..12).map(Some).collect::<Vec<_>>());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_worker_leaves_its_case_unanswered_and_the_batch_completes() {
        let pipeline = Pipeline::start(Echo { panics_on: Some(3) }, 3);
        let [batch, after] = <[_; 2]>::try_from(batches(&[8, 4])).unwrap();
        let (ticket, later) = (pipeline.submit(batch), pipeline.submit(after));
        let answers = tokio::time::timeout(Duration::from_secs(10), ticket.answers())
            .await
            .expect("the batch completes without the failed case");
        let expected: Vec<Option<u32>> = (0..8).map(|c| (c != 3).then_some(c)).collect();
        assert_eq!(answers, expected);
        // The other workers go on.
        assert_eq!(later.answers().await, (8..12).map(Some).collect::<Vec<_>>());
        pipeline.close().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn close_waits_for_submitted_cases_and_then_ends_the_workers() {
        let pipeline = Pipeline::start(Echo { panics_on: None }, 2);
        let ticket = pipeline.submit(Arc::new((0..20).collect()));
        tokio::time::timeout(Duration::from_secs(10), pipeline.close())
            .await
            .expect("workers end once closed");
        assert_eq!(
            ticket.answers().await,
            (0..20).map(Some).collect::<Vec<_>>()
        );
    }
}
