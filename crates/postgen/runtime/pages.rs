//! Every page of an operation the collection shows paginated. A response type whose saved
//! examples show how to ask for the page after it (a `next_page_token` field and a query
//! parameter of that name, `has_more` with `starting_after`, a page number with the page
//! count, a link to the next page) implements [`Page`]; the operation's call then has
//! [`Call::pages`] and [`Call::items`], streams that send one request per page, as they are
//! read, each like the first but for the query parameters of its page.
//!
//! ```text
//! let mut users = client.users().list_users(&params).items();
//! while let Some(user) = users.next().await {
//!     println!("{:?}", user?.email);
//! }
//! ```

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::call::Call;
use super::error::{Error, Failure};
use super::request::RequestBuilder;
use super::response::Response;

/// A response that says how to ask for the next page (generated for the response types of
/// paginated operations).
pub trait Page: Sized {
    /// What a page lists.
    type Item;

    /// The query parameters of the request for the page after this one (each replacing the
    /// parameter of its name), or `None` on the last page.
    fn next_page(&self) -> Option<NextPage>;

    /// What this page lists, in order.
    fn into_items(self) -> Vec<Self::Item>;
}

/// How the request for the next page differs from the one before: query parameters to set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextPage {
    query: Vec<(String, String)>,
}

impl NextPage {
    /// Sets `name` to `value`.
    pub fn query(name: &str, value: &str) -> NextPage {
        NextPage {
            query: vec![(name.to_string(), value.to_string())],
        }
    }

    /// The query parameters to set, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// A cursor: `name` set to the response's `token`; none when the token is missing or empty
    /// (the last page).
    pub fn cursor(name: &str, token: Option<&str>) -> Option<NextPage> {
        token
            .filter(|t| !t.is_empty())
            .map(|t| NextPage::query(name, t))
    }

    /// After the last item: `name` set to its id while the response says it `has_more`.
    pub fn after(name: &str, has_more: Option<bool>, last_id: Option<&str>) -> Option<NextPage> {
        if has_more == Some(true) {
            NextPage::cursor(name, last_id)
        } else {
            None
        }
    }

    /// A page number: `name` set to `page + 1` while that is at most `count` (the number of
    /// pages).
    pub fn number(name: &str, page: Option<i64>, count: Option<i64>) -> Option<NextPage> {
        let next = page?.checked_add(1)?;
        (next <= count?).then(|| NextPage::query(name, &next.to_string()))
    }

    /// A link to the next page, absolute or relative: its query parameters (the request keeps
    /// its host and path); none without a link, or a link without a query.
    pub fn link(url: Option<&str>) -> Option<NextPage> {
        let base = reqwest::Url::parse("http://localhost/").ok()?;
        let url = base.join(url?).ok()?;
        let query: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        (!query.is_empty()).then_some(NextPage { query })
    }
}

type Pending<'c, P, E> = Pin<Box<dyn Future<Output = Result<P, Error<E>>> + Send + 'c>>;

enum State<'c, P, E> {
    /// The first page's request, not yet sent (boxed: a request is large, the other states
    /// small).
    First(Box<RequestBuilder<'c>>),
    /// A page's response, awaited.
    Waiting(Pending<'c, P, E>),
    /// The page after the last one read.
    Next(NextPage),
    Done,
}

/// The pages of a paginated call, one request each as the stream is read: `.next().await`, or
/// any [`Stream`] adapter. The stream ends after the last page, or after an error (which it
/// yields). A page that asks for the same next page as the one before ends it too, so that a
/// server ignoring the parameter cannot loop it forever.
#[must_use = "a stream sends nothing until it is read"]
pub struct Pages<'c, P, E> {
    /// The first request, copied for each later page; `None` when it had a problem (which
    /// sending the first page reports).
    template: Option<RequestBuilder<'c>>,
    decode: fn(Response) -> Result<P, Error<E>>,
    state: State<'c, P, E>,
    last: Option<NextPage>,
}

// No field is pinned structurally: the future in flight is boxed.
impl<P, E> Unpin for Pages<'_, P, E> {}

impl<'c, P: Page + Send + 'c, E: Send + 'c> Pages<'c, P, E> {
    pub(super) fn new(
        request: RequestBuilder<'c>,
        decode: fn(Response) -> Result<P, Error<E>>,
    ) -> Self {
        Pages {
            template: request.copy_for_pages(),
            decode,
            state: State::First(Box::new(request)),
            last: None,
        }
    }

    /// The next page, or `None` after the last.
    pub async fn next(&mut self) -> Option<Result<P, Error<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// What the pages list, one item at a time.
    pub fn items(self) -> Items<'c, P, E> {
        Items {
            pages: self,
            buffer: Vec::new().into_iter(),
        }
    }
}

impl<'c, P: Page + Send + 'c, E: Send + 'c> Stream for Pages<'c, P, E> {
    type Item = Result<P, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::First(request) => {
                    this.state = State::Waiting(Call::new(*request, this.decode).into_future());
                }
                State::Next(next) => {
                    let request = this
                        .template
                        .as_ref()
                        .and_then(|t| t.with_query(next.pairs()));
                    let Some(request) = request else {
                        let why = "the request cannot be sent again for the next page";
                        return Poll::Ready(Some(Err(Failure::invalid(why.to_string()).into())));
                    };
                    this.last = Some(next);
                    this.state = State::Waiting(Call::new(request, this.decode).into_future());
                }
                State::Waiting(mut pending) => match pending.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.state = State::Waiting(pending);
                        return Poll::Pending;
                    }
                    Poll::Ready(Ok(page)) => {
                        if let Some(next) = page.next_page() {
                            if this.last.as_ref() != Some(&next) {
                                this.state = State::Next(next);
                            }
                        }
                        return Poll::Ready(Some(Ok(page)));
                    }
                    Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                },
            }
        }
    }
}

/// What the pages of a paginated call list, one at a time: `.next().await`, or any [`Stream`]
/// adapter. Each page is requested when the items before it have been read; an error ends the
/// stream after it is yielded.
#[must_use = "a stream sends nothing until it is read"]
pub struct Items<'c, P: Page, E> {
    pages: Pages<'c, P, E>,
    buffer: std::vec::IntoIter<P::Item>,
}

// No field is pinned structurally.
impl<P: Page, E> Unpin for Items<'_, P, E> {}

impl<'c, P: Page + Send + 'c, E: Send + 'c> Items<'c, P, E> {
    /// The next item, or `None` after the last page's last.
    pub async fn next(&mut self) -> Option<Result<P::Item, Error<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<'c, P: Page + Send + 'c, E: Send + 'c> Stream for Items<'c, P, E> {
    type Item = Result<P::Item, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.buffer = page.into_items().into_iter(),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
