import { ErrorCode, pageBounds, sliceToPage, type Page, type PaginationQuery, type Slice } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { DomainPlatform } from '@marquee/service';
import type { Player } from './known-users.store';
import type { VideoStorage } from './storage';
import { placeKey, type NewVideo, type PublicVideo, type RankedPlayer, type Video } from './video';
import type { VideosStore } from './videos.store';

export interface VideosDeps extends DomainPlatform {
  videos: VideosStore;
  storage: VideoStorage;
  /** Who the players the read model has never heard of are (`PlayersService.learn`). */
  players: { learn(ids: Iterable<string>): Promise<Map<string, Player>> };
}

/** The rules about videos and votes. No HTTP and no SQL here: plain values in and out. */
export class VideosService {
  constructor(private readonly deps: VideosDeps) {}

  /** The row and its job message (`video.uploaded`) commit together: an upload never lacks its job. */
  register(video: NewVideo): Promise<Video> {
    return this.deps.transaction(async (tx) => {
      const stored = await this.deps.videos.insert(tx, video);
      await this.deps.publish(tx, 'video.uploaded', {
        video_id: stored.id,
        user_id: stored.user_id,
        title: stored.title,
        status: 'uploaded',
        publish_requested: stored.publish_requested,
      });
      return stored;
    });
  }

  /** The caller's own video: 404 when unknown, 403 when someone else's (admins may see any). */
  async ofOwner(id: string, user: { id: string; role: string }): Promise<Video> {
    const video = await this.deps.videos.find(this.deps.db, id);
    if (!video) throw AppError.notFound('The video');
    if (video.user_id !== user.id && user.role !== 'admin') throw AppError.forbidden('This video is not yours');
    return video;
  }

  async listOfOwner(userId: string, query: PaginationQuery): Promise<Page<Video>> {
    return sliceToPage(await this.deps.videos.pageOfOwner(this.deps.db, userId, pageBounds(query)), query);
  }

  async publish(id: string, user: { id: string; role: string }): Promise<Video> {
    return this.deps.transaction(async (tx) => {
      const video = await this.deps.videos.lock(tx, id);
      if (!video) throw AppError.notFound('The video');
      if (video.user_id !== user.id && user.role !== 'admin') throw AppError.forbidden('This video is not yours');
      if (video.status !== 'processed') {
        throw new AppError(ErrorCode.VIDEO_NOT_PROCESSED, `The video is ${video.status}; it can be published once processed`, { status: 400 });
      }
      await this.deps.videos.publish(tx, id);
      return { ...video, is_published: true };
    });
  }

  /** Deletes the row, then its files. A video with votes stays (409 `VIDEO_HAS_VOTES`). */
  async remove(id: string, user: { id: string; role: string }): Promise<void> {
    const video = await this.deps.transaction(async (tx) => {
      const found = await this.deps.videos.lock(tx, id);
      if (!found) throw AppError.notFound('The video');
      if (found.user_id !== user.id && user.role !== 'admin') throw AppError.forbidden('This video is not yours');
      if (found.votes > 0) throw AppError.conflict(ErrorCode.VIDEO_HAS_VOTES, 'A video with votes cannot be deleted', { votes: found.votes });
      await this.deps.videos.remove(tx, id);
      return found;
    });
    await this.deps.storage.remove(video.original_key);
    if (video.processed_key) await this.deps.storage.remove(video.processed_key);
  }

  /** The processed file's key, for its owner, or anyone once published. */
  async streamable(id: string, user: { id: string; role: string } | undefined): Promise<string> {
    const video = await this.deps.videos.find(this.deps.db, id);
    const mayWatch = video && (video.is_published || (user && (video.user_id === user.id || user.role === 'admin')));
    if (!video || !mayWatch) throw AppError.notFound('The video');
    if (video.status !== 'processed' || !video.processed_key) {
      throw new AppError(ErrorCode.VIDEO_NOT_PROCESSED, `The video is ${video.status}; it streams once processed`, { status: 409 });
    }
    return video.processed_key;
  }

  /** Published videos with their players; an owner the read model lacks is asked about first. */
  async listPublished(query: PaginationQuery): Promise<Page<PublicVideo>> {
    const slice = await this.deps.videos.pagePublished(this.deps.db, pageBounds(query));
    // known_users.name is NOT NULL: a null name is an owner the read model has no row for.
    const learnt = await this.deps.players.learn(slice.items.filter((v) => v.player_name === null).map((v) => v.user_id));
    const items = slice.items.map((video) => {
      const player = learnt.get(video.user_id);
      return player ? { ...video, player_name: player.name, player_city: player.city } : video;
    });
    return sliceToPage({ ...slice, items }, query);
  }

  /**
   * One vote per user and video: the row lock orders concurrent votes on a video, the primary key
   * of `votes` refuses a second one (409 `ALREADY_VOTED`). The owner's tally moves in the same
   * transaction, and `vote.cast` goes out with it.
   */
  vote(videoId: string, voterId: string): Promise<number> {
    return this.deps.transaction(async (tx) => {
      const video = await this.deps.videos.lock(tx, videoId);
      if (!video) throw AppError.notFound('The video');
      if (video.user_id === voterId) {
        throw new AppError(ErrorCode.OWN_VIDEO, 'You cannot vote for your own video', { status: 400 });
      }
      if (!video.is_published || video.status !== 'processed') {
        throw new AppError(ErrorCode.VIDEO_NOT_PUBLISHED, 'Only published videos take votes', { status: 400 });
      }
      if (!(await this.deps.videos.insertVote(tx, videoId, voterId))) {
        throw AppError.conflict(ErrorCode.ALREADY_VOTED, 'You already voted for this video');
      }
      const total = await this.deps.videos.countVote(tx, videoId, video.user_id);
      await this.deps.publish(tx, 'vote.cast', { video_id: videoId, voter_id: voterId, owner_id: video.user_id, total_votes: total });
      return total;
    });
  }

  /**
   * Players by votes. Unfiltered, a player the read model lacks is asked about before answering;
   * filtered by place, only known players can match (their place is what is filtered on).
   */
  async rankings(filter: { city?: string; country?: string }, query: PaginationQuery): Promise<Slice<RankedPlayer>> {
    const slice = await this.deps.videos.rankings(this.deps.db, { city: placeKey(filter.city), country: placeKey(filter.country) }, pageBounds(query));
    const learnt = await this.deps.players.learn(slice.items.filter((p) => p.name === null).map((p) => p.user_id));
    if (learnt.size === 0) return slice;
    return { ...slice, items: slice.items.map((ranked) => ({ ...ranked, ...learnt.get(ranked.user_id) })) };
  }
}
